package io.pitcrew.config;

import java.util.LinkedHashMap;
import java.util.List;
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
 * @param litellmUpstreamAuth Bedrock or Vertex refusing LiteLLM's own credentials (LiteLLM wraps them as
 *                            litellm.AuthenticationError)
 * @param litellmKeyRejected  LiteLLM refusing a virtual key (platform-apis.md: token_not_found_in_db, expired_key)
 * @param litellmUpstreamThrottled the provider throttling LiteLLM: RateLimitError, throttling_error, Bedrock's
 *                            ThrottlingException, Vertex's RESOURCE_EXHAUSTED
 */
public record LogPatterns(Pattern provisionerQueueing, Pattern awsDenied, Pattern terraformStateLock,
                          Pattern litellmUpstreamAuth, Pattern litellmKeyRejected, Pattern litellmUpstreamThrottled) {

    public static LogPatterns defaults() {
        return of(defaultSources());
    }

    /** Every pattern's name and its default expression, in the order the configuration lists them. */
    public static Map<String, String> defaultSources() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("provisionerQueueing", "queue|wait|timeout");
        m.put("awsDenied", "AccessDenied|not authorized to perform|WebIdentityErr|InvalidIdentityToken|ExpiredToken|NoCredentialProviders");
        m.put("terraformStateLock", "Error acquiring the state lock");
        m.put("litellmUpstreamAuth", "litellm\\.AuthenticationError|ExpiredTokenException|UnrecognizedClientException"
                + "|InvalidClientTokenId|security token included in the request is (expired|invalid)|\\bUNAUTHENTICATED\\b"
                + "|invalid authentication credentials|\\binvalid_grant\\b");
        m.put("litellmKeyRejected", "Invalid proxy server token passed|token_not_found_in_db|Expired Key|\\bexpired_key\\b");
        m.put("litellmUpstreamThrottled", "litellm\\.RateLimitError|\\bthrottling_error\\b|ThrottlingException"
                + "|\\bRESOURCE_EXHAUSTED\\b|\\b429 Too Many Requests\\b");
        return m;
    }

    /** From expressions by name (every name of {@link #defaultSources()}); throws PatternSyntaxException on a bad one. */
    public static LogPatterns of(Map<String, String> sources) {
        return new LogPatterns(compile(sources.get("provisionerQueueing")), compile(sources.get("awsDenied")),
                compile(sources.get("terraformStateLock")), compile(sources.get("litellmUpstreamAuth")),
                compile(sources.get("litellmKeyRejected")), compile(sources.get("litellmUpstreamThrottled")));
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

    private List<String> sources() {
        return List.of(provisionerQueueing.pattern(), awsDenied.pattern(), terraformStateLock.pattern(),
                litellmUpstreamAuth.pattern(), litellmKeyRejected.pattern(), litellmUpstreamThrottled.pattern());
    }

    static Pattern compile(String expression) {
        return Pattern.compile(expression, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
