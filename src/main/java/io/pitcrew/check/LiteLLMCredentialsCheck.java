package io.pitcrew.check;

import io.pitcrew.observe.CredentialSecret;
import io.pitcrew.observe.RegionSnapshot;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Runbook §3 "Check AWS Bedrock credentials" / "Check GCP Vertex credentials", without the runbook's
 * {@code -o jsonpath='{.data}'}: a credential secret whose expiry annotation has passed, or that does not exist,
 * leaves LiteLLM unable to call that provider. Only the secrets' metadata was ever read; evidence says name, age and
 * expiry. Regions where LiteLLM does not run are not judged.
 */
public final class LiteLLMCredentialsCheck implements Check {

    public static final String EXPIRED = "litellm-credentials-expired";

    private static final CheckHeader HEADER = new CheckHeader("litellm-credentials", List.of(EXPIRED),
            EnumSet.of(Input.SECRETS, Input.PODS, Input.DEPLOYMENTS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        if (region.credentialSecrets().isEmpty() || !LiteLLMPods.runsIn(region, context)) return List.of();
        String r = region.region().name();
        EvidenceTally expired = new EvidenceTally();
        for (CredentialSecret s : region.credentialSecrets()) {
            if (!s.present()) {
                expired.add(new Evidence(r, "Secret", s.namespace(), s.name(), "missing: LiteLLM has no credentials for this provider"));
            } else if (s.expiresAt() != null && !s.expiresAt().isAfter(context.now())) {
                String age = s.createdAt() == null ? "" : ", created " + KubeTime.ago(s.createdAt(), context.now()) + " ago";
                String written = s.writtenAt() == null || s.writtenAt().equals(s.createdAt()) ? ""
                        : ", last written " + KubeTime.ago(s.writtenAt(), context.now()) + " ago";
                expired.add(new Evidence(r, "Secret", s.namespace(), s.name(), "expired " + KubeTime.ago(s.expiresAt(), context.now())
                        + " ago (" + s.expiryAnnotation() + ": " + s.expiresAt() + ")" + age + written));
            }
        }
        List<Signal> out = new ArrayList<>();
        expired.emit(out, EXPIRED, r, EvidenceTally.count(expired.affected(), "LiteLLM credential secret") + " expired or missing");
        return out;
    }
}
