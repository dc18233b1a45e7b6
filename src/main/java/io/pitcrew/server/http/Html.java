package io.pitcrew.server.http;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages' one way to write HTML: templates under {@code /web} on the classpath with {@code {{name}}} slots. A slot
 * given a {@code String} gets it escaped; only a {@link Safe} (a rendered template) goes in as it is. So data can
 * never reach the page unescaped without a visible {@code Safe} in the code.
 */
public final class Html {

    /** HTML that was produced by a template (its data escaped already). */
    public record Safe(String html) {
        public static final Safe EMPTY = new Safe("");

        public Safe plus(Safe more) { return new Safe(html + more.html); }
    }

    /**
     * The headers of every HTML answer. The policy allows scripts and styles from this server only, none inline: even
     * a string that escaped the escaping could not run.
     */
    public static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                    + "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            // same-origin, not no-referrer: under no-referrer Chrome sends "Origin: null" with the login form's POST,
            // and the Origin check (rightly) refuses it; same-origin still tells other sites nothing
            "Referrer-Policy", "same-origin",
            "Cache-Control", "no-store");

    private static final Pattern SLOT = Pattern.compile("\\{\\{([a-zA-Z0-9-]+)}}");
    private static final Map<String, String> TEMPLATES = new ConcurrentHashMap<>();

    private Html() {}

    public static String escape(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Renders {@code /web/<name>}: every slot must be given, so a typo fails the first test, not a page in production. */
    public static Safe render(String name, Map<String, ?> values) {
        Matcher m = SLOT.matcher(template(name));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = values.get(m.group(1));
            if (v == null && !values.containsKey(m.group(1))) {
                throw new IllegalStateException("template " + name + " has a slot {{" + m.group(1) + "}} nobody fills");
            }
            String text = v instanceof Safe s ? s.html() : escape(v == null ? "" : v.toString());
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return new Safe(out.toString());
    }

    public static String resource(String path) {
        return optionalResource(path).orElseThrow(() -> new IllegalStateException("no resource " + path + " on the classpath"));
    }

    public static Optional<String> optionalResource(String path) {
        try (InputStream in = Html.class.getResourceAsStream(path)) {
            if (in == null) return Optional.empty();
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    /** Answers with {@code page}, under {@link #SECURITY_HEADERS}. */
    public static void answer(Context ctx, Safe page) {
        SECURITY_HEADERS.forEach(ctx::header);
        ctx.contentType("text/html; charset=utf-8").result(page.html());
    }

    private static String template(String name) {
        return TEMPLATES.computeIfAbsent(name, n -> resource("/web/" + n));
    }
}
