package io.pitcrew.preflight;

import io.pitcrew.runbook.Finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runbook §2/§5 before the fact: the ECR mirror in sync with upstream ({@code mirror:}), the same Coder image digest in
 * every region, and the images workspaces ask for present.
 */
final class ImagesReadiness implements Readiness {

    static final String NAME = "images";

    @Override
    public String name() { return NAME; }

    @Override
    public Set<String> claims() {
        return Set.of("subdomain-routing/image-version-mismatch", "subdomain-routing/mirror-out-of-sync",
                "image-pull/mirror-out-of-sync", "image-pull/image-missing");
    }

    @Override
    public List<Item> judge(Inputs in) {
        List<Item> out = new ArrayList<>();
        for (Finding f : in.findings(claims(), null)) {
            // one line per region it names, each with its own fix (restart-coder --region R)
            if (f.regions().size() > 1) f.regions().forEach(r -> out.add(Inputs.item(NAME, r, f)));
            else out.add(Inputs.item(NAME, f.regions().size() == 1 ? f.regions().getFirst() : null, f));
        }
        // a registry that refused or did not answer says nothing about whether the mirror is in sync
        in.snapshot().notAsked().stream().filter(l -> l.startsWith("mirror")).forEach(l -> out.add(Item.risk(NAME, null, "could not ask the " + l, null)));
        if (out.isEmpty()) {
            String mirror = in.config().probes().mirror().isPresent() ? "the mirror has upstream's digest; " : "no mirror: configured, so none compared; ";
            out.add(Item.ok(NAME, null, mirror + "every region runs the control plane's Coder image; no image missing"));
        }
        return out;
    }
}
