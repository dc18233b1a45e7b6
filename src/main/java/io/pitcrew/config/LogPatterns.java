package io.pitcrew.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the log checks look for, as regular expressions matched case-insensitively anywhere in a line. The defaults
 * are the runbook's own greps and the messages the tools really print; a platform whose provisioners or rotator word
 * things differently overrides them under {@code logPatterns} in pitcrew.yaml.
 *
 * @param provisionerQueueing the runbook's {@code grep -i "queue\|wait\|timeout"} on provisioner logs
 * @param awsDenied           AWS refusing the provisioners' role
 * @param terraformStateLock  Terraform failing on a held state lock
 */
public record LogPatterns(Pattern provisionerQueueing, Pattern awsDenied, Pattern terraformStateLock) {

    public static LogPatterns defaults() {
        return of(defaultSources());
    }

    /** Every pattern's name and its default expression, in the order the configuration lists them. */
    public static Map<String, String> defaultSources() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("provisionerQueueing", "queue|wait|timeout");
        m.put("awsDenied", "AccessDenied|not authorized to perform|WebIdentityErr|InvalidIdentityToken|ExpiredToken|NoCredentialProviders");
        m.put("terraformStateLock", "Error acquiring the state lock");
        return m;
    }

    /** From expressions by name (every name of {@link #defaultSources()}); throws PatternSyntaxException on a bad one. */
    public static LogPatterns of(Map<String, String> sources) {
        return new LogPatterns(compile(sources.get("provisionerQueueing")), compile(sources.get("awsDenied")),
                compile(sources.get("terraformStateLock")));
    }

    /** Equal when every expression is: Pattern itself compares by identity. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LogPatterns other && sources().equals(other.sources());
    }

    @Override
    public int hashCode() {
        return sources().hashCode();
    }

    private java.util.List<String> sources() {
        return java.util.List.of(provisionerQueueing.pattern(), awsDenied.pattern(), terraformStateLock.pattern());
    }

    static Pattern compile(String expression) {
        return Pattern.compile(expression, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
