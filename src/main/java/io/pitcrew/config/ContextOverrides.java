package io.pitcrew.config;

import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --context REGION=CONTEXT}: for this run, a region's kube context instead of its {@code regions[].context}
 * (or, without a pitcrew.yaml, instead of the runbook's region name), as {@code kubectl --context} picks a context
 * for one command without editing the kubeconfig.
 *
 * @param byRegion the context for each region named, in the order given
 */
public record ContextOverrides(Map<String, String> byRegion) {

    public static final ContextOverrides NONE = new ContextOverrides(Map.of());

    private static final String FLAG = "--context";

    public ContextOverrides {
        byRegion = Collections.unmodifiableMap(new LinkedHashMap<>(byRegion));
    }

    /** The values of every {@code --context}; each must be {@code REGION=CONTEXT}, a region at most once. */
    public static ContextOverrides parse(List<String> values) {
        Map<String, String> byRegion = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            String region = eq < 0 ? "" : value.substring(0, eq).strip();
            String context = eq < 0 ? "" : value.substring(eq + 1).strip();
            if (region.isEmpty() || context.isEmpty()) {
                problems.add(new Problem(FLAG + " " + value, 0, "", "expected REGION=CONTEXT",
                        "name the region and its kube context, e.g. --context us-east-2=arn:aws:eks:us-east-2:123456789012:cluster/coder"));
            } else if (byRegion.containsKey(region)) {
                problems.add(new Problem(FLAG + " " + value, 0, "", "region " + region + " is given twice (also "
                        + FLAG + " " + region + "=" + byRegion.get(region) + ")", "give each region one context"));
            } else {
                byRegion.put(region, context);
            }
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        return new ContextOverrides(byRegion);
    }

    public boolean overrides(String region) {
        return byRegion.containsKey(region);
    }

    /**
     * The config with the contexts given. A region it does not have, or a context that another region already
     * uses, is a problem: each region is its own cluster.
     *
     * @param regionsFrom where the regions come from, for messages: "pitcrew.yaml", or the runbook's defaults
     */
    public PitcrewConfig applyTo(PitcrewConfig config, String regionsFrom) {
        if (byRegion.isEmpty()) return config;
        List<Problem> problems = new ArrayList<>();
        List<String> names = config.regions().stream().map(Region::name).toList();
        byRegion.forEach((region, context) -> {
            if (!names.contains(region)) {
                problems.add(new Problem(FLAG + " " + region + "=" + context, 0, "", "no region " + region + " in "
                        + regionsFrom + " (regions: " + String.join(", ", names) + ")",
                        NearestKey.to(region, names).map(n -> "did you mean " + n + "? ").orElse("")
                                + "name one of those regions; the context is the part after '='"));
            }
        });
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        List<Region> regions = config.regions().stream()
                .map(r -> new Region(r.name(), byRegion.getOrDefault(r.name(), r.context()), r.role(), r.domain())).toList();
        Map<String, String> regionByContext = new HashMap<>();
        for (Region r : regions) {
            String other = regionByContext.putIfAbsent(r.context(), r.name());
            if (other == null) continue;
            String flagged = overrides(r.name()) ? r.name() : other;
            problems.add(new Problem(FLAG + " " + flagged + "=" + byRegion.get(flagged), 0, "",
                    "context '" + r.context() + "' would be the context of both " + other + " and " + r.name(),
                    "each region is its own cluster: give each region its own context"));
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        return config.withRegions(regions);
    }
}
