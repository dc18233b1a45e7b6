package io.pitcrew.check;

import io.pitcrew.config.Workshop;
import io.pitcrew.observe.CredentialSecret;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Runbook §3/§5 before the fact: a workshop runs, or starts within {@code workshopLead}, and a credential it needs
 * expires before it ends — an ECR pull secret pods use (its token lives 12 hours from its last write) or a LiteLLM
 * credential secret (its expiry annotation). One that has expired already is the incident checks' (stale, expired).
 */
public final class WorkshopExpiryCheck implements Check {

    public static final String PULL_SECRET = "pull-secret-expires-in-window";
    public static final String CREDENTIALS = "litellm-credentials-expire-in-window";

    private static final CheckHeader HEADER = new CheckHeader("workshop-expiry", List.of(PULL_SECRET, CREDENTIALS),
            EnumSet.of(Input.PODS, Input.SECRETS, Input.DEPLOYMENTS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        Optional<Workshop> workshop = context.workshop();
        if (workshop.isEmpty()) return List.of();
        Workshop w = workshop.get();
        Instant now = context.now();
        String r = region.region().name();
        String before = ", before workshop " + w.name() + " ends at " + WorkshopWindow.at(w.end());
        EvidenceTally secrets = new EvidenceTally();
        for (PullSecretsCheck.InUse u : PullSecretsCheck.inUse(region)) {
            Optional<Instant> expires = u.expires();
            if (expires.isEmpty() || !expires.get().isAfter(now) || !expires.get().isBefore(w.end())) continue;
            secrets.add(new Evidence(r, "Secret", u.namespace(), u.name(), "its ECR token expires " + WorkshopWindow.at(expires.get())
                    + " (12h after its last write)" + before + " (" + u.pods().size() + " pod(s) use it)"));
        }
        EvidenceTally credentials = new EvidenceTally();
        if (LiteLLMPods.runsIn(region, context)) {
            for (CredentialSecret s : region.credentialSecrets()) {
                if (!s.present() || s.expiresAt() == null || !s.expiresAt().isAfter(now) || !s.expiresAt().isBefore(w.end())) continue;
                credentials.add(new Evidence(r, "Secret", s.namespace(), s.name(), "expires " + WorkshopWindow.at(s.expiresAt())
                        + " (" + s.expiryAnnotation() + ")" + before));
            }
        }
        List<Signal> out = new ArrayList<>();
        emit(out, PULL_SECRET, r, secrets, EvidenceTally.count(secrets.affected(), "ECR pull secret") + " expiring" + before, w);
        emit(out, CREDENTIALS, r, credentials, EvidenceTally.count(credentials.affected(), "LiteLLM credential secret") + " expiring" + before, w);
        return out;
    }

    /** The signal, with the workshop it is judged against as its last evidence. */
    private static void emit(List<Signal> out, String id, String region, EvidenceTally tally, String summary, Workshop w) {
        if (tally.isEmpty()) return;
        List<Evidence> evidence = new ArrayList<>(tally.evidence());
        evidence.add(WorkshopWindow.evidence(region, w));
        out.add(new Signal(id, region, tally.affected(), summary, evidence));
    }
}
