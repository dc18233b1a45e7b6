package io.pitcrew.cli;

import io.pitcrew.cli.FixCommandTest.Run;
import io.pitcrew.incident.AnnouncedFindings;
import io.pitcrew.incident.AnnouncedFindings.Recorded;
import io.pitcrew.incident.AnnouncedFindings.Transition;
import io.pitcrew.incident.Declaration;
import io.pitcrew.incident.Incidents;
import io.pitcrew.incident.TimelineEntry.Kind;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Severity;
import io.pitcrew.store.AuditEntry;
import io.pitcrew.store.Store;
import io.pitcrew.store.StoreException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A child process of {@link StoreFaultsContract}: one writer of the store as pitcrew really writes it, until it has
 * made {@code count} changes (0: until killed). {@code cli} runs {@code pitcrew incident declare} and {@code note} as
 * separate commands, each opening the store as the command line does; {@code serve} keeps one store open, as serve
 * does, and declares, notes, records finding transitions (with their timeline lines) and appends to the audit log.
 *
 * <p>It says {@code try KEY} before each change and {@code acked KEY} once it was acknowledged (the command exited 0,
 * the call returned), {@code failed KEY: WHY} otherwise; a finding's acknowledged transition is
 * {@code acked finding:ID#N}. Whatever it has not acked may be there whole or not at all.
 */
public final class StoreWriter {

    static final int FINDINGS = 3;
    static final String TYPE = "workspace-restarts";

    /** The finding whose transitions go on the timeline of the incident every writer shares (INC-1). */
    static Finding finding(int j) {
        return new Finding(TYPE, "cause-" + j, "cause " + j, Severity.P2, List.of("us-east-2"), "summary " + j, 1,
                List.of(), List.of(), "", List.of());
    }

    static String findingId(int j) {
        return TYPE + "/cause-" + j + "/us-east-2";
    }

    public static void main(String[] args) {
        String mode = args[0];
        String db = args[1];
        String config = args[2];
        String tag = args[3];
        int count = Integer.parseInt(args[4]);
        if (mode.equals("cli")) cli(db, config, tag, count);
        else serve(db, tag, count);
    }

    private static void cli(String db, String config, String tag, int count) {
        say("ready");
        for (int k = 0; count == 0 || k < count; k++) {
            String text = tag + "-" + k;
            String key = (k % 2 == 0 ? "declare:" : "note:") + text;
            say("try " + key);
            Run r = k % 2 == 0
                    ? FixCommandTest.pitcrew("incident", "declare", text, "-s", "P3", "--as", "cli", "--db", db, "--config", config)
                    : FixCommandTest.pitcrew("incident", "note", "INC-1", text, "--as", "cli", "--db", db, "--config", config);
            if (r.exit() == 0) say("acked " + key);
            else say("failed " + key + ": exit " + r.exit() + ": " + r.err().strip().replace('\n', ' '));
        }
    }

    private static void serve(String db, String tag, int count) {
        // a finding's transitions are several writes apart: the system clock's microseconds keep them in order
        Clock clock = Clock.systemUTC();
        try (Store store = Store.open(db)) {
            Incidents incidents = new Incidents(store, clock);
            AnnouncedFindings findings = new AnnouncedFindings(store, clock, tag);
            say("ready");
            for (int k = 0; count == 0 || k < count; k++) {
                String text = tag + "-" + k;
                int j = k % FINDINGS;
                String key = switch (k % 5) {
                    case 0 -> "declare:" + text;
                    case 1 -> "note:" + text;
                    case 4 -> "audit:" + text;
                    default -> "finding:" + findingId(j);
                };
                say("try " + key);
                try {
                    switch (k % 5) {
                        case 0 -> incidents.declare(Declaration.of(text, Severity.P3), "serve");
                        case 1 -> incidents.append(1, "serve", Kind.NOTE, text);
                        case 4 -> store.audit().append(AuditEntry.of(clock.instant(), "serve", "store-faults",
                                "{\"key\":\"" + text + "\"}", "[]", "applied", ""));
                        default -> {
                            for (Transition t : transition(findings, j, clock)) say("acked " + key + "#" + t.number());
                            continue;
                        }
                    }
                    say("acked " + key);
                } catch (StoreException e) {
                    say("failed " + key + ": " + e.getMessage().replace('\n', ' '));
                }
            }
        }
    }

    /** Opens the finding when the store has it resolved (or not at all), else resolves it: one transition a call. */
    private static List<Transition> transition(AnnouncedFindings findings, int j, Clock clock) {
        String id = findingId(j);
        Optional<Recorded> row = Optional.ofNullable(findings.recorded(List.of(id)).get(id));
        Instant now = clock.instant();
        if (row.isPresent() && row.get().open()) return findings.resolved(id, finding(j), row.get().firstSeen(), now);
        return findings.opened(id, finding(j), now);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
