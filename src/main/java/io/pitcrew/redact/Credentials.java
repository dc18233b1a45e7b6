package io.pitcrew.redact;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SequencedSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every credential this process sends, and the one way text from outside is cleaned of them.
 *
 * <p>Servers echo what they were sent: a proxy's 500 page dumps the request headers, an API server's 401 quotes the
 * Authorization header, LiteLLM repeats the key it refused. So whatever reads a credential to send it — kube bearer
 * tokens and client keys, the Coder session token, registry passwords and tokens, the LiteLLM key, notification
 * webhooks, keys and tokens — says so with {@link #sent}, and every text taken from an answer or an exception passes
 * {@link #scrub} before it becomes evidence, output, a log line, a page, a row or a notification. The set is the
 * process's, not a client's, because a credential read by one part can be echoed to another (the Coder token in a
 * LiteLLM error, a kube token in a registry's). Besides the known values, the shapes of credentials in transit are
 * cleaned whoever sent them ({@code Authorization: Bearer ...}, {@code Coder-Session-Token: ...}, EKS tokens, JWTs),
 * which covers tokens that an exec plugin refreshes behind Fabric8's back.
 */
public final class Credentials {

    public static final String MARK = "[redacted]";

    /**
     * Values shorter than this are not registered: no service issues credentials that short, and scrubbing a short
     * word would mangle ordinary text everywhere. The shapes below still clean them in header form.
     */
    static final int MIN_LENGTH = 8;

    /** Old values go first once this many are known: a serve that runs for weeks sees ECR passwords every 12 h. */
    static final int CAPACITY = 512;

    /** Header names whose value is a credential, in the forms servers echo them: "Name: v", "Name=v", "name": "v". */
    private static final Pattern HEADER = Pattern.compile(
            "(?i)((?:proxy-)?authorization|coder-session-token|x-api-key|api-key|x-auth-token|private-token|cookie|set-cookie"
                    + "|x-amz-security-token|x-aws-ec2-metadata-token|x-goog-api-key|routing_key|routing-key|token|password)"
                    + "(\"?\\s*[:=]\\s*\"?)(?:(?:bearer|basic|token)\\s+)?"
                    // a value, not a placeholder ($CODER_SESSION_TOKEN, <token>, TOKEN) or prose ("token: expired"):
                    // credentials have a digit somewhere; a backslash would be JSON's escaping, not the value
                    + "(?![$<{])(?=[^\\s\"',;}&\\\\]*[0-9])([^\\s\"',;}&\\\\]{4,})");
    /**
     * A bearer or basic credential anywhere (with a digit in it, so "basic authentication" stays prose), and the
     * self-describing token shapes of EKS and JWTs.
     */
    private static final Pattern SHAPES = Pattern.compile(
            "(?i)\\b(bearer|basic)\\s+(?=[A-Za-z._~+/=-]*[0-9])[A-Za-z0-9._~+/=-]{8,}|\\bk8s-aws-v1\\.[A-Za-z0-9_-]+"
                    + "|\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");

    /** A word each shape above contains, lower case. */
    private static final List<String> HINTS = List.of("auth", "token", "key", "cookie", "password", "routing", "bearer",
            "basic", "k8s-aws-v1.", "eyj");

    private static final Object LOCK = new Object();
    private static final SequencedSet<String> KNOWN = new LinkedHashSet<>();
    /** Longest first, so a value that contains another is replaced whole; rebuilt on every change, read lock-free. */
    private static volatile List<String> longestFirst = List.of();

    private Credentials() {}

    /**
     * Remembers a credential this process is about to send, in the forms it may come back in (as is, base64,
     * URL-encoded, JSON-escaped), and returns it, so a reader can say {@code token = Credentials.sent(read(file))}.
     */
    public static String sent(String value) {
        if (value == null) return null;
        String v = value.strip();
        if (v.length() < MIN_LENGTH) return value;
        List<String> forms = new ArrayList<>(List.of(v,
                Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)),
                Base64.getUrlEncoder().withoutPadding().encodeToString(v.getBytes(StandardCharsets.UTF_8)),
                URLEncoder.encode(v, StandardCharsets.UTF_8),
                v.replace("/", "\\/")));
        remember(forms);
        return value;
    }

    /** A user and password sent as HTTP Basic: the password, and the header's base64 of {@code user:password}. */
    public static void sentBasic(String user, String password) {
        if (password == null) return;
        sent(password);
        String pair = (user == null ? "" : user) + ":" + password;
        remember(List.of(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * Text from outside (an answer's body, an exception's message) without any credential in it: the values sent, and
     * whatever has a credential's shape; null becomes "". For text taken from an answer, before it is embedded in
     * anything: the shapes are not for pitcrew's own text (its runbook commands show {@code Coder-Session-Token: $X}).
     */
    public static String scrub(String text) {
        String out = hideSent(text);
        if (!mayHoldAShape(out)) return out;
        out = HEADER.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + MARK));
        return SHAPES.matcher(out).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) != null ? m.group(1) + " " + MARK : MARK));
    }

    /**
     * Any text with the credentials this process sent replaced, and nothing else touched: the last guard where text
     * leaves (stdout, HTTP answers, events, store rows), safe on JSON and on pitcrew's own words. Null becomes "".
     */
    public static String hideSent(String text) {
        if (text == null || text.isEmpty()) return "";
        String out = text;
        for (String s : longestFirst) {
            if (out.contains(s)) out = out.replace(s, MARK);
        }
        return out;
    }

    /**
     * One line of text from outside for a report: its first non-blank line, scrubbed, then cut at {@code max}
     * characters (after scrubbing, so a cut never leaves half a credential to print).
     */
    public static String excerpt(String text, int max) {
        if (text == null) return "";
        String line = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        String clean = scrub(line);
        return clean.length() <= max ? clean : clean.substring(0, max) + "…";
    }

    /**
     * Whether the text names any of the shapes at all: nearly every text (a pod's message, a log line) names none,
     * and a few substring searches cost far less than the two patterns tried at every position.
     */
    private static boolean mayHoldAShape(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String hint : HINTS) {
            if (lower.contains(hint)) return true;
        }
        return false;
    }

    private static void remember(List<String> forms) {
        synchronized (LOCK) {
            boolean changed = false;
            for (String f : forms) {
                if (f.length() < MIN_LENGTH) continue;
                boolean known = KNOWN.remove(f); // and added again below: the newest are kept longest
                KNOWN.add(f);
                changed |= !known;
            }
            while (KNOWN.size() > CAPACITY) KNOWN.removeFirst();
            if (changed) longestFirst = KNOWN.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        }
    }
}
