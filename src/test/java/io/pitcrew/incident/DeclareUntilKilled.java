package io.pitcrew.incident;

import io.pitcrew.runbook.Severity;
import io.pitcrew.store.Store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The child process of the kill-safety test: declares incidents until killed, saying "acked INC-n" after each commit. */
public final class DeclareUntilKilled {

    static final int FINDINGS = 6;

    public static void main(String[] args) {
        try (Store store = Store.open(args[0])) {
            Incidents incidents = new Incidents(store, Clock.systemUTC());
            for (int n = 0; ; n++) {
                List<LinkedFinding> findings = new ArrayList<>();
                for (int f = 0; f < FINDINGS; f++) findings.add(new LinkedFinding("type-" + f, "cause-" + n, "P2", List.of("us-east-2"), "finding " + f));
                Incident i = incidents.declare(new Declaration("incident " + n, Severity.P2, "", Optional.empty(), Optional.empty(),
                        List.of(), findings, Optional.empty()), "child");
                System.out.println("acked " + i.id());
                System.out.flush();
            }
        }
    }
}
