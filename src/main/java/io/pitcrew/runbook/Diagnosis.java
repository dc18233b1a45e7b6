package io.pitcrew.runbook;

import io.pitcrew.check.Evidence;
import io.pitcrew.check.Signal;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.config.Workshop;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Matches signals against the runbook's causes: the pure step between checks and findings. A cause that
 * {@code explains:} another found in the same region takes it in as evidence there, so one problem is one finding.
 */
public final class Diagnosis {

    private final Runbook runbook;
    private final PitcrewConfig config;
    /** What a fix may name of the workshop running or about to: {@code workshop}, {@code workshopEnd}. */
    private final Map<String, String> workshop;

    public Diagnosis(Runbook runbook, PitcrewConfig config) {
        this(runbook, config, Optional.empty());
    }

    /** @param workshop the workshop running now or about to, whose end a fix may name ({@code pause-key-rotation --until}) */
    public Diagnosis(Runbook runbook, PitcrewConfig config, Optional<Workshop> workshop) {
        this.runbook = runbook;
        this.config = config;
        this.workshop = workshop.map(w -> Map.of("workshop", w.name(), "workshopEnd", w.end().truncatedTo(ChronoUnit.SECONDS).toString()))
                .orElse(Map.of());
    }

    /**
     * One cause's rule matched: its contributing signals by region, and what it explains there (the explained cause's
     * signals, folded in). Mutable while folding, then made into a finding.
     */
    private static final class Match {
        final IncidentType type;
        final Cause cause;
        final Detection rule;
        final Map<String, List<Signal>> byRegion = new LinkedHashMap<>();
        final Map<String, List<Folded>> folded = new LinkedHashMap<>();
        /** Region → the match this one's finding there was folded into. */
        final Map<String, Match> absorbedBy = new HashMap<>();

        Match(IncidentType type, Cause cause, Detection rule) {
            this.type = type;
            this.cause = cause;
            this.rule = rule;
        }

        String key() {
            return Finding.key(type.id(), cause.id());
        }
    }

    /** What an explained cause showed in one region, kept with the cause that explains it. */
    private record Folded(Match symptom, List<Signal> signals) {}

    /** Findings, most severe first, then in runbook order. */
    public List<Finding> findings(List<Signal> signals) {
        Map<String, List<Signal>> byRegion = signals.stream()
                .collect(Collectors.groupingBy(Signal::region, LinkedHashMap::new, Collectors.toList()));
        List<Match> matches = new ArrayList<>();
        for (IncidentType type : runbook.types()) {
            for (Cause cause : type.causes()) {
                cause.detect().ifPresent(rule -> match(new Match(type, cause, rule), signals, byRegion).ifPresent(matches::add));
            }
        }
        fold(matches);
        List<Finding> findings = new ArrayList<>();
        for (Match m : matches) {
            if (!m.byRegion.isEmpty()) findings.add(finding(m));
        }
        findings.sort(Comparator.comparing(Finding::severity)); // stable: runbook order within a severity
        return findings;
    }

    /** The rule's contributing signals, by region; empty when it does not match. */
    private static Optional<Match> match(Match m, List<Signal> all, Map<String, List<Signal>> byRegion) {
        Detection rule = m.rule;
        Predicate<Signal> evidenced = s -> rule.evidenced().contains(s.id());
        List<Signal> contributing = new ArrayList<>();
        if (rule.scope() == Detection.Scope.PLATFORM) {
            if (rule.matches(ids(all))) all.stream().filter(evidenced).forEach(contributing::add);
        } else {
            byRegion.forEach((region, signals) -> {
                if (rule.matches(ids(signals))) signals.stream().filter(evidenced).forEach(contributing::add);
            });
        }
        if (contributing.isEmpty()) return Optional.empty();
        contributing.forEach(s -> m.byRegion.computeIfAbsent(s.region(), r -> new ArrayList<>()).add(s));
        return Optional.of(m);
    }

    /**
     * One root cause per problem: where a cause and a cause it explains both matched in a region, the explained one's
     * signals there (and whatever it had folded in itself) move to the one that explains it. Repeated until nothing
     * moves, so a chain (A explains B explains C) ends in A; in a region the cause does not reach, the symptom stays a
     * finding of its own.
     */
    private static void fold(List<Match> matches) {
        Map<String, Match> byKey = new HashMap<>();
        matches.forEach(m -> byKey.put(m.key(), m));
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Match cause : matches) {
                for (String explained : cause.cause.explains()) {
                    Match symptom = byKey.get(explained);
                    if (symptom == null || symptom == cause) continue;
                    // a platform-wide symptom is one fact: explained where they meet, it is explained everywhere
                    Match wholeInto = symptom.rule.scope() == Detection.Scope.PLATFORM ? symptom.byRegion.keySet().stream()
                            .map(r -> holder(cause, r)).filter(h -> h != null && h != symptom).findFirst().orElse(null) : null;
                    for (String region : List.copyOf(symptom.byRegion.keySet())) {
                        Match into = wholeInto != null ? wholeInto : holder(cause, region);
                        if (into == null || into == symptom) continue;
                        List<Folded> folded = into.folded.computeIfAbsent(region, r -> new ArrayList<>());
                        folded.add(new Folded(symptom, symptom.byRegion.remove(region)));
                        List<Folded> carried = symptom.folded.remove(region);
                        if (carried != null) folded.addAll(carried);
                        symptom.absorbedBy.put(region, into);
                        moved = true;
                    }
                }
            }
        }
    }

    /**
     * The match that holds {@code m}'s finding in {@code region} now: itself while it has the region, else the one it was
     * folded into (a cause folded into its own cause still explains its symptoms, through that one); null when it was
     * never found there.
     */
    private static Match holder(Match m, String region) {
        for (Match at = m; at != null; at = at.absorbedBy.get(region)) {
            if (at.byRegion.containsKey(region)) return at;
        }
        return null;
    }

    private Finding finding(Match m) {
        List<Signal> contributing = new ArrayList<>();
        m.byRegion.values().forEach(contributing::addAll);
        // Evidence in the rule's order: what decides the cause first (the rotator's log before the restarts).
        List<String> order = List.copyOf(m.rule.evidenced());
        contributing.sort(Comparator.comparingInt(s -> order.indexOf(s.id())));

        List<String> regions = regionOrder(contributing);
        int affected = affected(m.rule, contributing);
        List<Evidence> evidence = new ArrayList<>(contributing.stream().flatMap(s -> s.evidence().stream()).toList());
        String summary = regions.stream().map(r -> r + ": " + contributing.stream()
                        .filter(s -> s.region().equals(r)).map(Signal::summary).distinct()
                        .collect(Collectors.joining("; ")))
                .collect(Collectors.joining(" | "));
        Severity severity = m.cause.severity().judge(affected, regions.size());
        List<String> explained = new ArrayList<>();
        List<String> foldedRegions = new ArrayList<>(regions);
        m.folded.keySet().stream().filter(r -> !foldedRegions.contains(r)).forEach(foldedRegions::add);
        for (String region : foldedRegions) {
            for (Folded f : m.folded.getOrDefault(region, List.of())) {
                String what = f.signals().stream().map(Signal::summary).distinct().collect(Collectors.joining("; "));
                evidence.add(new Evidence(region, "Finding", "", f.symptom().key(), "explains: " + f.symptom().cause.title() + " — " + what));
                f.signals().stream().flatMap(s -> s.evidence().stream()).filter(e -> !evidence.contains(e)).forEach(evidence::add);
                severity = Severity.max(severity, f.symptom().cause.severity().judge(affected(f.symptom().rule, f.signals()), 1));
                if (!explained.contains(f.symptom().key())) explained.add(f.symptom().key());
            }
        }
        if (!explained.isEmpty()) summary += " (explains " + String.join(", ", explained) + ")";
        List<Step> actions = new ArrayList<>();
        for (Step step : m.cause.actions()) {
            if (step.command() == null) {
                actions.add(step);
            } else {
                CommandTemplate.expand(step.command(), config, regions, evidence)
                        .forEach(cmd -> actions.add(new Step(step.title(), cmd)));
            }
        }
        return new Finding(m.type.id(), m.cause.id(), m.cause.title(), severity, regions, summary, affected, List.copyOf(evidence),
                actions, Runbook.link(m.type.anchor()), fixes(m.cause, regions, evidence), m.cause.kind());
    }

    /** The cause's fix actions, each with what the finding fills in; an action named twice has one entry. */
    private List<SuggestedFix> fixes(Cause cause, List<String> regions, List<Evidence> evidence) {
        Map<String, List<Map<String, String>>> byAction = new LinkedHashMap<>();
        for (Fix fix : cause.fix()) {
            byAction.computeIfAbsent(fix.action(), a -> new ArrayList<>()).addAll(fix.fill(regions, evidence, workshop));
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
