package io.pitcrew.notify;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import io.pitcrew.redact.Credentials;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * GitHub REST "create an issue" ({@code POST /repos/{owner}/{repo}/issues}) for the permanent fix. The token goes
 * only into the {@code Authorization} header. Issues are not idempotent: a 5xx is retried (GitHub answers 5xx
 * before creating), a timeout after sending is not.
 */
public final class GitHubIssues {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    static final String API_VERSION = "2022-11-28";
    static final String USER_AGENT = "pitcrew";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI issues;
    private final String owner;
    private final String repo;
    private final String token;
    private final List<String> labels;
    private final Courier courier;

    GitHubIssues(URI baseUrl, String owner, String repo, String token, List<String> labels, Courier courier) {
        // checked so that configuration cannot change the route
        if (!NAME.matcher(owner).matches() || !NAME.matcher(repo).matches()) {
            throw new IllegalArgumentException("a repository is owner/name of letters, digits, '-', '_' and '.', not " + owner + "/" + repo);
        }
        if (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("a GitHub token is printable ASCII without spaces");
        }
        String base = baseUrl.toString();
        this.issues = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/repos/" + owner + "/" + repo + "/issues");
        this.owner = owner;
        this.repo = repo;
        this.token = Objects.requireNonNull(token);
        this.labels = List.copyOf(labels);
        this.courier = courier;
    }

    /** Opens the follow-up issue; its title is {@code INC-7 follow-up: <title>}, its body root cause and timeline. */
    public Delivery<GitHubIssue> create(FollowUp followUp, AttemptListener listener) {
        ObjectNode issue = JSON.createObjectNode();
        issue.put("title", IssueBody.title(followUp));
        issue.put("body", IssueBody.of(followUp));
        ArrayNode l = issue.putArray("labels");
        labels.forEach(l::add);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/vnd.github+json");
        headers.put("Authorization", "Bearer " + token);
        headers.put("X-GitHub-Api-Version", API_VERSION);
        headers.put("User-Agent", USER_AGENT);
        return courier.deliver(issues, headers, Credentials.hideSent(JSON.writeValueAsString(issue)), this::read, listener);
    }

    private Courier.Reading<GitHubIssue> read(int status, String body) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body.isBlank() ? "{}" : body);
        } catch (JacksonException e) {
            answer = JSON.createObjectNode();
        }
        String where = owner + "/" + repo;
        if (status >= 200 && status < 300) {
            int number = answer.path("number").asInt(0);
            String url = answer.path("html_url").asString("");
            if (number > 0 && (url.startsWith("https://") || url.startsWith("http://"))) {
                return new Courier.Reading.Accepted<>(new GitHubIssue(number, URI.create(url)), "#" + number + " " + url);
            }
            return new Courier.Reading.Unreadable<>("HTTP " + status + " from GitHub without an issue number and html_url: the issue may "
                    + "have been opened; look in " + where + " before opening it again");
        }
        String message = answer.path("message").asString("");
        String why = switch (status) {
            case 410 -> "issues are disabled on " + where + "; enable them in the repository's settings or configure another repo";
            case 422 -> "GitHub rejected the issue (" + (message.isEmpty() ? "Validation Failed" : message) + errors(answer.path("errors")) + ")";
            case 401 -> "the GitHub token was rejected (" + message + "); make a new one with issues: write on " + where;
            case 403 -> "the GitHub token may not open issues on " + where + " (" + message + ")";
            case 404 -> "no repository " + where + " that this token can see";
            default -> "GitHub refused the issue" + (message.isEmpty() ? "" : " (" + message + ")");
        };
        return new Courier.Reading.Refused<>("HTTP " + status + ": " + why);
    }

    /** GitHub's 422 {@code errors}: objects {resource, field, code} or, sometimes, plain strings. */
    private static String errors(JsonNode errors) {
        StringBuilder b = new StringBuilder();
        for (JsonNode e : errors) {
            if (e.isString()) b.append("; ").append(e.asString(""));
            else {
                b.append("; ").append(e.path("field").asString("?")).append(' ').append(e.path("code").asString(""));
                String m = e.path("message").asString("");
                if (!m.isEmpty()) b.append(": ").append(m);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "GitHubIssues[" + issues + "]";
    }
}
