package io.pitcrew.incident;

import io.pitcrew.incident.AnnouncedFindings.Transition;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Severity;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The findings serve announced, in the store, on every database: a transition is recorded once however many replicas
 * record it, with its timeline lines in the same transaction, and a replica that lags (saw an occurrence end or begin
 * a moment later) records nothing over what another recorded.
 */
public abstract class AnnouncedFindingsContract {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");
    static final String ID = "workspace-restarts/ephemeral-storage-exhaustion/us-west-2";

    protected abstract String target();

    static Finding finding(String summary) {
        return new Finding("workspace-restarts", "ephemeral-storage-exhaustion", "Ephemeral volume storage exhaustion", Severity.P1,
                List.of("us-west-2"), summary, 3, List.of(), List.of(), "docs/runbook.md#workspace-restarts", List.of());
    }

    @Test
    void aFindingOpensAndResolvesOnceAndAnotherOccurrenceOpensAgain() {
        try (Store store = Store.open(target())) {
            AnnouncedFindings a = new AnnouncedFindings(store, CLOCK, "replica-a");
            AnnouncedFindings b = new AnnouncedFindings(store, CLOCK, "replica-b");

            assertThat(a.opened(ID, finding("3 pods evicted"), T0)).extracting(Transition::number, Transition::resolved, Transition::at)
                    .containsExactly(tuple(1L, false, T0));
            assertThat(b.opened(ID, finding("3 pods evicted"), T0.plusSeconds(2))).as("open already").isEmpty();
            assertThat(b.resolved(ID, finding("gone"), T0, T0.plusSeconds(300))).singleElement()
                    .satisfies(t -> assertThat(t.resolved()).isTrue()).satisfies(t -> assertThat(t.number()).isEqualTo(2));
            assertThat(a.resolved(ID, finding("gone"), T0, T0.plusSeconds(301))).as("resolved already").isEmpty();
            // a replica whose occurrence began before the resolution saw the same occurrence end a moment later
            assertThat(a.opened(ID, finding("3 pods evicted"), T0.plusSeconds(1))).isEmpty();
            // one first seen after it is the fault back
            assertThat(a.opened(ID, finding("back"), T0.plusSeconds(900))).singleElement()
                    .satisfies(t -> assertThat(t.number()).isEqualTo(3));

            AnnouncedFindings.Recorded row = a.recorded(List.of()).get(ID);
            assertThat(row.open()).isTrue();
            assertThat(row.firstSeen()).isEqualTo(T0.plusSeconds(900));
            assertThat(row.finding().summary()).isEqualTo("back");
        }
    }

    @Test
    void aReplicaThatHasNotSeenANewOccurrenceYetDoesNotResolveIt() {
        try (Store store = Store.open(target())) {
            AnnouncedFindings a = new AnnouncedFindings(store, CLOCK, "replica-a");
            a.opened(ID, finding("x"), T0);
            a.resolved(ID, finding("x"), T0, T0.plusSeconds(100));
            a.opened(ID, finding("x"), T0.plusSeconds(500));
            // replica b still has the first occurrence, resolved at 100: not the open one, which began at 500
            assertThat(new AnnouncedFindings(store, CLOCK, "replica-b").resolved(ID, finding("x"), T0, T0.plusSeconds(100))).isEmpty();
            assertThat(a.recorded(List.of(ID)).get(ID).open()).isTrue();
        }
    }

    @Test
    void aFindingThatCameAndWentUnrecordedIsRecordedWhole() {
        try (Store store = Store.open(target())) {
            List<Transition> both = new AnnouncedFindings(store, CLOCK, "replica-b").resolved(ID, finding("x"), T0, T0.plusSeconds(90));

            assertThat(both).extracting(Transition::resolved).containsExactly(false, true);
            assertThat(both).extracting(Transition::at).containsExactly(T0, T0.plusSeconds(90));
        }
    }

    @Test
    void whatWasRecordedAndNotAnnouncedIsLeftForTheNextLeader() {
        try (Store store = Store.open(target())) {
            AnnouncedFindings a = new AnnouncedFindings(store, CLOCK, "replica-a");
            Transition opened = a.opened(ID, finding("x"), T0).getFirst();
            assertThat(a.unannounced()).singleElement().satisfies(r -> assertThat(r.unannounced()).containsExactly(opened));

            a.announced(opened);
            assertThat(a.unannounced()).isEmpty();
            List<Transition> resolved = a.resolved(ID, finding("x"), T0, T0.plusSeconds(90));
            assertThat(a.unannounced()).singleElement().satisfies(r -> assertThat(r.unannounced()).isEqualTo(resolved));
        }
    }

    @Test
    void theTransitionIsWrittenOnceOnTheTimelinesOfTheOpenIncidentsItConcerns() {
        try (Store store = Store.open(target())) {
            Incidents incidents = new Incidents(store, CLOCK);
            Incident linked = incidents.declare(declaration("Evictions in Oregon", List.of("us-west-2")), "alice");
            Incident elsewhere = incidents.declare(declaration("Evictions in Ohio", List.of("us-east-2")), "alice");
            AnnouncedFindings a = new AnnouncedFindings(store, CLOCK, "replica-a");
            AnnouncedFindings b = new AnnouncedFindings(store, CLOCK, "replica-b");

            a.opened(ID, finding("3 pods evicted"), T0);
            b.opened(ID, finding("3 pods evicted"), T0);
            b.resolved(ID, finding("3 pods evicted"), T0, T0.plusSeconds(90));

            assertThat(findingLines(incidents, linked)).containsExactly(
                    "new finding " + ID + " (P1): 3 pods evicted",
                    "resolved finding " + ID + ": not seen by pitcrew serve since " + T0.plusSeconds(90));
            assertThat(findingLines(incidents, elsewhere)).isEmpty();
        }
    }

    @Test
    void replicasRecordingTheSameTransitionAtOnceRecordItOnce() throws Exception {
        try (Store store = Store.open(target())) {
            Incidents incidents = new Incidents(store, CLOCK);
            Incident linked = incidents.declare(declaration("Evictions in Oregon", List.of("us-west-2")), "alice");
            int replicas = 6;
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(replicas)) {
                List<Future<List<Transition>>> opened = IntStream.range(0, replicas).mapToObj(n -> pool.submit(() -> {
                    go.await();
                    return new AnnouncedFindings(store, CLOCK, "replica-" + n).opened(ID, finding("3 pods evicted"), T0);
                })).toList();
                go.countDown();
                int recorded = 0;
                for (Future<List<Transition>> f : opened) recorded += f.get().size();
                assertThat(recorded).isEqualTo(1);
            }
            assertThat(findingLines(incidents, linked)).hasSize(1);
        }
    }

    private static List<String> findingLines(Incidents incidents, Incident i) {
        return incidents.timeline(i.number()).stream()
                .filter(e -> e.kind() == TimelineEntry.Kind.FINDING && e.actor().equals(AnnouncedFindings.ACTOR)).map(TimelineEntry::text).toList();
    }

    private static Declaration declaration(String title, List<String> regions) {
        LinkedFinding f = new LinkedFinding("workspace-restarts", "ephemeral-storage-exhaustion", "P1", regions, "");
        return new Declaration(title, Severity.P1, "", Optional.empty(), Optional.empty(), regions, List.of(f), Optional.empty());
    }
}
