package io.pitcrew.check;

import io.pitcrew.observe.Snapshot;
import io.pitcrew.observe.litellm.LiteLLMAnswer;
import io.pitcrew.observe.litellm.LiteLLMProbe;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Runbook §3 "Test LiteLLM endpoint" ({@code curl -I https://<litellm-alb-endpoint>/health}): readiness failing or
 * LiteLLM unreachable is an outage; the authenticated {@code /health} names each model deployment whose test call
 * failed with the provider's error, so an AuthenticationError (credentials) is told from a RateLimitError
 * (throttling). Signals are the control plane's, where LiteLLM runs. A key pitcrew was given that LiteLLM rejects
 * says nothing about the platform's users, so it raises nothing here; the report says /health could not be asked.
 */
public final class LiteLLMEndpointCheck implements PlatformCheck {

    public static final String NOT_READY = "litellm-not-ready";
    public static final String MODELS_AUTH_FAILING = "litellm-models-auth-failing";
    public static final String MODELS_RATE_LIMITED = "litellm-models-rate-limited";

    private static final CheckHeader HEADER = new CheckHeader("litellm-endpoint",
            List.of(NOT_READY, MODELS_AUTH_FAILING, MODELS_RATE_LIMITED), EnumSet.of(Input.LITELLM));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(Snapshot snapshot, CheckContext context) {
        if (snapshot.litellm().isEmpty()) return List.of();
        LiteLLMProbe probe = snapshot.litellm().get();
        String region = ControlPlane.of(snapshot).name();
        List<Signal> out = new ArrayList<>();
        if (!(probe.readiness() instanceof LiteLLMAnswer.Up)) {
            out.add(new Signal(NOT_READY, region, 1, "LiteLLM's /health/readiness fails",
                    List.of(new Evidence(region, "Endpoint", "", probe.url() + "/health/readiness", probe.readiness().describe()))));
        }
        if (probe.health().isEmpty()) return out;
        EvidenceTally auth = new EvidenceTally();
        EvidenceTally limited = new EvidenceTally();
        switch (probe.health().get()) {
            case LiteLLMAnswer.Models m -> {
                for (LiteLLMAnswer.ModelEndpoint e : m.unhealthy()) {
                    Evidence ev = new Evidence(region, "Model", "", e.model(), e.error() + (e.apiBase().isEmpty() ? "" : " (" + e.apiBase() + ")"));
                    // the provider's error as LiteLLM wraps it, judged by the same patterns as LiteLLM's log lines
                    if (context.patterns().litellmUpstreamAuth().matcher(e.error()).find()) auth.add(ev);
                    else if (context.patterns().litellmUpstreamThrottled().matcher(e.error()).find()) limited.add(ev);
                }
            }
            case LiteLLMAnswer.Refused r when r.refusal() == LiteLLMAnswer.Refusal.RATE_LIMITED ->
                    limited.add(new Evidence(region, "Endpoint", "", probe.url() + "/health", r.describe()));
            // readiness judges the outage; a rejected pitcrew key says nothing about the users' keys (the report lists
            // it under "could not ask", Snapshot.notAsked)
            default -> { }
        }
        auth.emit(out, MODELS_AUTH_FAILING, region, EvidenceTally.count(auth.affected(), "model deployment")
                + " failing LiteLLM's /health with an AuthenticationError from the provider");
        limited.emit(out, MODELS_RATE_LIMITED, region, EvidenceTally.count(limited.affected(), "model deployment")
                + " rate-limited in LiteLLM's /health");
        return out;
    }
}
