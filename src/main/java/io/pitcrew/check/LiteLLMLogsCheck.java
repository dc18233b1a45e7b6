package io.pitcrew.check;

import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Runbook §3 "Check LiteLLM pod status and logs" ({@code kubectl logs -l app=litellm -n litellm --tail=100}): within
 * {@code logWindow}, the provider refusing LiteLLM's credentials (Bedrock's expired security token, Vertex's
 * UNAUTHENTICATED), LiteLLM refusing the virtual keys users send (what a key rotation causes), and the provider
 * throttling LiteLLM. Three different faults, told apart by who refuses whom.
 */
public final class LiteLLMLogsCheck implements Check {

    public static final String UPSTREAM_AUTH = "litellm-upstream-auth-errors";
    public static final String KEYS_REJECTED = "litellm-keys-rejected";
    public static final String UPSTREAM_THROTTLED = "litellm-upstream-throttled";

    /**
     * LiteLLM retries a throttled call on another deployment, so one RateLimitError is routine; this many within
     * {@code logWindow} is throttling users notice.
     */
    static final int THROTTLED_LINES = 3;

    private static final CheckHeader HEADER = new CheckHeader("litellm-logs",
            List.of(UPSTREAM_AUTH, KEYS_REJECTED, UPSTREAM_THROTTLED), EnumSet.of(Input.LOGS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        List<Signal> out = new ArrayList<>();
        var window = context.thresholds().logWindow();
        EvidenceTally auth = LogEvidence.recent(region, LogTail.Component.LITELLM, window, context, t -> context.patterns().litellmUpstreamAuth().matcher(t).find());
        auth.emit(out, UPSTREAM_AUTH, r, EvidenceTally.count(auth.affected(), "LiteLLM log line")
                + " where Bedrock or Vertex reject LiteLLM's credentials");
        EvidenceTally keys = LogEvidence.recent(region, LogTail.Component.LITELLM, window, context, t -> context.patterns().litellmKeyRejected().matcher(t).find());
        keys.emit(out, KEYS_REJECTED, r, EvidenceTally.count(keys.affected(), "LiteLLM log line")
                + " where LiteLLM rejects virtual keys (invalid or expired)");
        EvidenceTally throttled = LogEvidence.recent(region, LogTail.Component.LITELLM, window, context, t -> context.patterns().litellmUpstreamThrottled().matcher(t).find());
        if (throttled.affected() >= THROTTLED_LINES) throttled.emit(out, UPSTREAM_THROTTLED, r, EvidenceTally.count(throttled.affected(), "LiteLLM log line")
                + " where Bedrock or Vertex throttle LiteLLM");
        return out;
    }
}
