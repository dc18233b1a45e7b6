package io.pitcrew.runbook;

import io.pitcrew.check.Evidence;
import io.pitcrew.check.Signal;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Matches signals against the runbook's causes: the pure step between checks and findings. */
public final class Diagnosis {

    private final Runbook runbook;
    private final PitcrewConfig config;

    public Diagnosis(Runbook runbook, PitcrewConfig config) {
        this.runbook = runbook;
        this.config = config;
    }

    /** Findings, most severe first, then in runbook order. */
    public List<Finding> findings(List<Signal> signals) {
        Map<String, List<Signal>> byRegion = signals.stream()
                .collect(Collectors.groupingBy(Signal::region, LinkedHashMap::new, Collectors.toList()));
        List<Finding> findings = new ArrayList<>();
        for (IncidentType type : runbook.types()) {
            for (Cause cause : type.causes()) {
                cause.detect().ifPresent(rule -> match(type, cause, rule, signals, byRegion, findings));
            }
        }
        findings.sort(Comparator.comparing(Finding::severity)); // stable: runbook order within a severity
        return findings;
    }

    private void match(IncidentType type, Cause cause, Detection rule, List<Signal> all,
                       Map<String, List<Signal>> byRegion, List<Finding> out) {
        List<Signal> contributing = new ArrayList<>();
        Predicate<Signal> evidenced = s -> rule.evidenced().contains(s.id());
        if (rule.scope() == Detection.Scope.PLATFORM) {
            if (rule.matches(ids(all))) all.stream().filter(evidenced).forEach(contributing::add);
        } else {
            byRegion.forEach((region, signals) -> {
                if (rule.matches(ids(signals))) signals.stream().filter(evidenced).forEach(contributing::add);
            });
        }
        if (contributing.isEmpty()) return;
        // Evidence in the rule's order: what decides the cause first (the rotator's log before the restarts).
        List<String> order = List.copyOf(rule.evidenced());
        contributing.sort(Comparator.comparingInt(s -> order.indexOf(s.id())));

        List<String> regions = regionOrder(contributing);
        int affected = affected(rule, contributing);
        List<Evidence> evidence = contributing.stream().flatMap(s -> s.evidence().stream()).toList();
        String summary = regions.stream().map(r -> r + ": " + contributing.stream()
                        .filter(s -> s.region().equals(r)).map(Signal::summary).distinct()
                        .collect(Collectors.joining("; ")))
                .collect(Collectors.joining(" | "));
        List<Step> actions = new ArrayList<>();
        for (Step step : cause.actions()) {
            if (step.command() == null) {
                actions.add(step);
            } else {
                CommandTemplate.expand(step.command(), config, regions, evidence)
                        .forEach(cmd -> actions.add(new Step(step.title(), cmd)));
            }
        }
        out.add(new Finding(type.id(), cause.id(), cause.title(), cause.severity().judge(affected, regions.size()),
                regions, summary, affected, evidence, actions, Runbook.link(type.anchor()), fixes(cause, regions, evidence)));
    }

    /** The cause's fix actions, each with what the finding fills in; an action named twice has one entry. */
    private static List<SuggestedFix> fixes(Cause cause, List<String> regions, List<Evidence> evidence) {
        Map<String, List<Map<String, String>>> byAction = new LinkedHashMap<>();
        for (Fix fix : cause.fix()) {
            byAction.computeIfAbsent(fix.action(), a -> new ArrayList<>()).addAll(fix.fill(regions, evidence));
        }
        List<SuggestedFix> out = new ArrayList<>();
        byAction.forEach((action, sets) -> out.add(new SuggestedFix(action, sets.stream().distinct().toList())));
        return out;
    }

    /** Per region the largest count among the deciding signals, summed over regions. */
    private static int affected(Detection rule, List<Signal> contributing) {
        Map<String, Integer> perRegion = new HashMap<>();
        for (Signal s : contributing) {
            if (rule.deciding().contains(s.id())) perRegion.merge(s.region(), s.affected(), Math::max);
        }
        return perRegion.values().stream().mapToInt(Integer::intValue).sum();
    }

    private List<String> regionOrder(List<Signal> signals) {
        Set<String> seen = signals.stream().map(Signal::region).collect(Collectors.toSet());
        List<String> ordered = new ArrayList<>(config.regions().stream().map(Region::name).filter(seen::contains).toList());
        seen.stream().filter(r -> !ordered.contains(r)).sorted().forEach(ordered::add);
        return ordered;
    }

    private static Set<String> ids(List<Signal> signals) {
        return signals.stream().map(Signal::id).collect(Collectors.toSet());
    }
}
