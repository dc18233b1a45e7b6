package io.pitcrew.config;

import io.pitcrew.yaml.Problem;
import io.pitcrew.yaml.YamlDocument;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads pitcrew.yaml's {@code notifications:} and {@code contacts:} blocks, reporting each mistake with its line
 * and a fix, like {@link ConfigLoader} (which calls it). Secrets are named, never given: a value under a
 * {@code ...Env} key is never repeated in a problem, since it may be the secret pasted by mistake.
 */
public final class NotificationsConfig {

    static final List<String> NOTIFICATIONS_KEYS = List.of("slack", "pagerduty", "github");
    static final List<String> SLACK_KEYS = List.of("webhookUrlEnv", "webhookUrlFile", "channelName");
    static final List<String> PAGERDUTY_KEYS = List.of("routingKeyEnv", "routingKeyFile", "url");
    static final List<String> GITHUB_KEYS = List.of("repo", "tokenEnv", "tokenFile", "url", "labels");
    static final List<String> CONTACTS_KEYS = List.of("people", "escalation");
    static final List<String> CONTACT_KEYS = List.of("role", "name", "contact");

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern REPO = Pattern.compile("([A-Za-z0-9_.-]{1,100})/([A-Za-z0-9_.-]{1,100})");

    private final YamlDocument doc;
    private final Path baseDir;
    private final Consumer<Problem> problems;
    private final Notifications notifications;
    private final Contacts contacts;

    /** Reads both blocks from the document's root; problems go to {@code problems}, the values are then partial. */
    public NotificationsConfig(YamlDocument doc, Path baseDir, Consumer<Problem> problems) {
        this.doc = doc;
        this.baseDir = baseDir;
        this.problems = problems;
        JsonNode root = doc.root();
        this.notifications = notifications(mapping(root.get("notifications"), at(JsonPointer.empty(), "notifications"), NOTIFICATIONS_KEYS));
        this.contacts = contacts(mapping(root.get("contacts"), at(JsonPointer.empty(), "contacts"), CONTACTS_KEYS));
    }

    public Notifications notifications() {
        return notifications;
    }

    public Contacts contacts() {
        return contacts;
    }

    // ---- notifications ----

    private Notifications notifications(Block n) {
        if (n == null) return Notifications.none();
        Optional<Notifications.Slack> slack = Optional.ofNullable(channel(n, "slack", SLACK_KEYS)).flatMap(s ->
                secret(s, "webhookUrl", "PITCREW_SLACK_WEBHOOK", "the Slack incoming webhook URL")
                        .map(ref -> new Notifications.Slack(ref, Optional.ofNullable(s.text("channelName", "the channel's name, shown only, e.g. '#workshop-incidents'")))));
        Optional<Notifications.PagerDuty> pagerDuty = Optional.ofNullable(channel(n, "pagerduty", PAGERDUTY_KEYS)).flatMap(p -> {
            Optional<SecretRef> key = secret(p, "routingKey", "PITCREW_PAGERDUTY_ROUTING_KEY", "the integration's routing key");
            String url = url(p, Notifications.PagerDuty.DEFAULT_URL);
            return url == null ? Optional.empty() : key.map(k -> new Notifications.PagerDuty(k, url));
        });
        Optional<Notifications.GitHub> gitHub = Optional.ofNullable(channel(n, "github", GITHUB_KEYS)).flatMap(g -> {
            String repo = g.text("repo", "the repository for follow-up issues as owner/name, e.g. coder/ai.coder.com");
            if (repo == null && !g.node.has("repo")) problem(g.at("repo"), "missing (required)",
                    "add repo: the repository for follow-up issues as owner/name, e.g. coder/ai.coder.com");
            var m = repo == null ? null : REPO.matcher(repo);
            if (m != null && !m.matches()) {
                problem(g.at("repo"), "'" + repo + "' is not owner/name", "write the repository as owner/name, e.g. coder/ai.coder.com");
                m = null;
            }
            Optional<SecretRef> token = secret(g, "token", "GITHUB_TOKEN", "a token allowed to open issues (fine-grained: Issues read and write)");
            String url = url(g, Notifications.GitHub.DEFAULT_URL);
            List<String> labels = labels(g);
            if (m == null || url == null || token.isEmpty()) return Optional.empty();
            return Optional.of(new Notifications.GitHub(m.group(1), m.group(2), token.get(), url, labels));
        });
        return new Notifications(slack, pagerDuty, gitHub);
    }

    /** A channel's block; {@code slack:} with nothing under it is a channel asked for, so it must say its secret. */
    private Block channel(Block n, String key, List<String> keys) {
        JsonNode v = n.node.get(key);
        return mapping(v != null && v.isNull() ? JsonNodeFactory.instance.objectNode() : v, n.at(key), keys);
    }

    /** {@code <name>Env} or {@code <name>File}: exactly one. */
    private Optional<SecretRef> secret(Block b, String name, String exampleEnv, String what) {
        String envKey = name + "Env";
        String fileKey = name + "File";
        boolean hasEnv = b.node.has(envKey);
        boolean hasFile = b.node.has(fileKey);
        if (hasEnv && hasFile) {
            problem(b.at(fileKey), envKey + " and " + fileKey + " are both given", "keep one: the environment variable or the file holding " + what);
            return Optional.empty();
        }
        if (!hasEnv && !hasFile) {
            problem(b.at, "missing " + envKey + " or " + fileKey, "add " + envKey + ": " + exampleEnv + " (the environment variable holding "
                    + what + "), or " + fileKey + ": a file holding it, relative to this file");
            return Optional.empty();
        }
        if (hasFile) {
            String file = b.text(fileKey, "a file holding " + what + ", relative to this file");
            return file == null ? Optional.empty() : Optional.of(SecretRef.file(baseDir.resolve(file).normalize()));
        }
        JsonNode v = b.node.get(envKey);
        String env = v != null && v.isString() ? v.stringValue().strip() : null;
        if (env == null || !ENV_NAME.matcher(env).matches()) {
            // not quoted back: what is here instead of a variable's name may well be the secret itself
            problem(b.at(envKey), env == null ? "expected the name of an environment variable" : "is not an environment variable name",
                    "name the variable, e.g. " + envKey + ": " + exampleEnv + "; never put " + what + " itself in the file");
            return Optional.empty();
        }
        return Optional.of(SecretRef.env(env));
    }

    private String url(Block b, String dflt) {
        if (!b.node.has("url")) return dflt;
        String url = b.text("url", "the service's base URL; the default is " + dflt);
        if (url == null) return null;
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            problem(b.at("url"), "'" + url + "' is not an http(s) URL", "write the base URL, or remove url to use " + dflt);
            return null;
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private List<String> labels(Block g) {
        List<String> labels = new ArrayList<>();
        for (Item i : g.list("labels", "write labels: [incident, follow-up]")) {
            String s = i.node.isString() ? i.node.stringValue().strip() : "";
            if (s.isEmpty() || s.length() > 50) problem(i.at, "expected a label name (1 to 50 characters), got " + ConfigSection.describe(i.node),
                    "write each label as text, e.g. incident");
            else labels.add(s);
        }
        return List.copyOf(labels);
    }

    // ---- contacts ----

    private Contacts contacts(Block c) {
        if (c == null) return Contacts.none();
        List<Contacts.Contact> people = new ArrayList<>();
        Map<String, Integer> roles = new HashMap<>();
        for (Item i : c.list("people", "write people:\n      - {role: On-Call Engineer, name: Riley, contact: '@riley'}")) {
            if (!i.node.isObject()) {
                problem(i.at, "expected a contact (role, name, contact), got " + ConfigSection.describe(i.node),
                        "write '- {role: On-Call Engineer, name: Riley, contact: \"@riley\"}'");
                continue;
            }
            Block p = new Block(i.node, i.at, CONTACT_KEYS);
            String role = p.text("role", "the role, as in the runbook's Emergency Contacts table, e.g. On-Call Engineer");
            if (role == null) {
                if (!p.node.has("role")) problem(p.at("role"), "missing (required)", "add role: e.g. On-Call Engineer");
                continue;
            }
            Integer first = roles.putIfAbsent(role.toLowerCase(Locale.ROOT), people.size());
            if (first != null) problem(p.at("role"), "role '" + role + "' is already contacts.people[" + first + "]", "give each role one row");
            people.add(new Contacts.Contact(role, optional(p, "name"), optional(p, "contact")));
        }
        List<String> order = new ArrayList<>();
        for (Item i : c.list("escalation", "write escalation: [On-Call Engineer, Infrastructure Lead]")) {
            String role = i.node.isString() ? i.node.stringValue().strip() : null;
            if (role == null || role.isEmpty()) {
                problem(i.at, "expected a role, got " + ConfigSection.describe(i.node), "name a role of contacts.people");
            } else if (!roles.containsKey(role.toLowerCase(Locale.ROOT))) {
                List<String> known = people.stream().map(Contacts.Contact::role).toList();
                String hint = NearestKey.to(role, known).map(k -> "did you mean '" + k + "'? ").orElse("");
                problem(i.at, "no contact has role '" + role + "'", hint + (known.isEmpty() ? "add it to contacts.people"
                        : "roles in contacts.people: " + String.join(", ", known)));
            } else {
                order.add(people.get(roles.get(role.toLowerCase(Locale.ROOT))).role());
            }
        }
        return new Contacts(List.copyOf(people), List.copyOf(order));
    }

    /** name and contact may be left blank, as they are in the runbook's own table. */
    private String optional(Block b, String key) {
        JsonNode v = b.node.get(key);
        if (v == null || v.isNull() || (v.isString() && v.stringValue().isBlank())) return "";
        String s = b.text(key, "text");
        return s == null ? "" : s;
    }

    // ---- plumbing ----

    private void problem(JsonPointer at, String message, String fix) {
        problems.accept(doc.problem(at, message, fix));
    }

    private static JsonPointer at(JsonPointer parent, String key) {
        return parent.appendProperty(key);
    }

    /** The mapping under a key; null when absent, null, or not a mapping (then with a problem). */
    private Block mapping(JsonNode node, JsonPointer at, List<String> keys) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) {
            problem(at, "expected a mapping, got " + ConfigSection.describe(node),
                    "indent the keys under it, like '  " + keys.getFirst() + ": ...', or remove it");
            return null;
        }
        return new Block(node, at, keys);
    }

    private record Item(JsonNode node, JsonPointer at) {}

    /** One mapping: reports unknown keys at once, and reads text and lists at the right line. */
    private final class Block {
        final JsonNode node;
        final JsonPointer at;

        Block(JsonNode node, JsonPointer at, List<String> keys) {
            this.node = node;
            this.at = at;
            for (String key : node.propertyNames()) {
                if (keys.contains(key)) continue;
                String hint = NearestKey.to(key, keys).map(k -> "did you mean '" + k + "'? ").orElse("remove it; ");
                problem(at(key), "unknown key '" + key + "'", hint + "valid keys here: " + String.join(", ", keys));
            }
        }

        JsonPointer at(String key) {
            return at.appendProperty(key);
        }

        /** Text under key, or null: absent says nothing, anything but non-empty text is a problem. */
        String text(String key, String what) {
            JsonNode v = node.get(key);
            if (v == null) return null;
            if (!v.isString() || v.stringValue().isBlank()) {
                problem(at(key), v.isString() ? "is empty" : "expected text, got " + ConfigSection.describe(v), "give " + key + " as text: " + what);
                return null;
            }
            return v.stringValue().strip();
        }

        /** The items of a list under key; absent or null is none, anything but a list is a problem. */
        List<Item> list(String key, String fix) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) return List.of();
            if (!v.isArray()) {
                problem(at(key), "expected a list, got " + ConfigSection.describe(v), fix);
                return List.of();
            }
            List<Item> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) out.add(new Item(v.get(i), at(key).appendIndex(i)));
            return out;
        }
    }
}
