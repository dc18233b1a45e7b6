package io.pitcrew.preflight;

import io.pitcrew.check.PullSecretsCheck;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.runbook.Finding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runbook §5 before the fact: an ECR pull secret holds a 12-hour token. One that will have expired by the workshop's
 * start blocks it (nothing new can be pulled); one that expires before its end is a risk (pulls fail mid-workshop).
 */
final class PullSecretsReadiness implements Readiness {

    static final String NAME = "pull-secrets";

    @Override
    public String name() { return NAME; }

    @Override
    public Set<String> claims() {
        return Set.of("image-pull/registry-auth", "image-pull/pull-secret-expires");
    }

    @Override
    public List<Item> judge(Inputs in) {
        List<Item> out = new ArrayList<>();
        for (RegionSnapshot region : in.snapshot().reachable()) {
            String r = region.region().name();
            List<Item> here = new ArrayList<>();
            for (Finding f : in.findings(Set.of("image-pull/registry-auth"), r)) here.add(Inputs.item(NAME, r, f));
            int ecr = 0;
            for (PullSecretsCheck.InUse u : PullSecretsCheck.inUse(region)) {
                String fix = "pitcrew fix refresh-pull-secret --region " + r + " -n " + u.namespace() + " --secret " + u.name();
                String what = "Secret " + u.namespace() + "/" + u.name() + " (" + u.pods().size() + " pod(s) use it)";
                if (u.secret().isEmpty()) {
                    here.add(Item.blocker(NAME, r, what + " does not exist", null));
                    continue;
                }
                if (u.expires().isEmpty()) continue;
                ecr++;
                Instant expires = u.expires().get();
                if (!expires.isAfter(in.workshop().start())) {
                    here.add(Item.blocker(NAME, r, what + ": its ECR token expires " + Inputs.at(expires) + ", by the workshop's start", fix));
                } else if (expires.isBefore(in.workshop().end())) {
                    here.add(Item.risk(NAME, r, what + ": its ECR token expires " + Inputs.at(expires) + ", before the workshop ends at "
                            + Inputs.at(in.workshop().end()), fix));
                }
            }
            if (here.isEmpty()) {
                here.add(Item.ok(NAME, r, ecr == 0 ? "no ECR pull secret in use" : ecr + " ECR pull secret(s) in use, each valid past the workshop's end"));
            }
            out.addAll(here);
        }
        return out;
    }
}
