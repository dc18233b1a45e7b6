package io.pitcrew.server.detection;

import io.pitcrew.config.Notifications;
import io.pitcrew.config.SecretRef;
import io.pitcrew.incident.AnnouncedFindings;
import io.pitcrew.incident.Declaration;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Incidents;
import io.pitcrew.incident.LinkedFinding;
import io.pitcrew.incident.TimelineEntry;
import io.pitcrew.notify.FakeService;
import io.pitcrew.notify.Notifier;
import io.pitcrew.notify.RetryPolicy;
import io.pitcrew.notify.Sleeper;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Severity;
import io.pitcrew.store.Store;
import io.pitcrew.store.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replicas over one PostgreSQL store: a follower says nothing; a replica that takes the lead compares what it sees with
 * what the store says was announced — it announces again nothing its predecessor announced, announces what began or
 * ended while nobody led and what its predecessor recorded but did not live to send, and resolves what the store has
 * open and it never sees; two replicas that both believe they lead announce each transition once.
 */
class FindingHandoverTest {

    static final Duration GRACE = Duration.ofSeconds(1);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> CAUSES = List.of("ongoing", "ends-in-handover", "ended-before-b", "recorded-not-sent", "began-in-handover", "x", "y");

    @RegisterExtension
    final TestPostgres pg = new TestPostgres();

    FakeService slack;
    Store store;
    Incidents incidents;
    Incident incident;
    final List<FindingNotices> replicas = new ArrayList<>();

    /** Leadership handed over by the test. */
    static final class Baton implements Leadership {
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        private volatile boolean leads;

        void take() {
            leads = true;
            listeners.forEach(Runnable::run);
        }

        @Override
        public boolean leads() { return leads; }

        @Override
        public void onLeading(Runnable listener) {
            listeners.add(listener);
            if (leads) listener.run();
        }

        @Override
        public void close() { leads = false; }
    }

    @BeforeEach
    void setUp() {
        slack = FakeService.slack();
        store = Store.open(pg.url());
        incidents = new Incidents(store, Clock.systemUTC());
        // one incident linked to every finding of these tests
        incident = incidents.declare(new Declaration("Evictions in Oregon", Severity.P1, "", Optional.empty(), Optional.empty(),
                List.of("us-west-2"), CAUSES.stream().map(c -> new LinkedFinding("workspace-restarts", c, "P1", List.of("us-west-2"), "")).toList(),
                Optional.empty()), "alice");
    }

    @AfterEach
    void tearDown() {
        replicas.forEach(FindingNotices::close);
        store.close();
        slack.close();
    }

    @Test
    void aNewLeaderAnnouncesWhatChangedMeanwhileAndNothingAgain() {
        Instant t0 = Instant.now().minusSeconds(600);
        AnnouncedFindings a = new AnnouncedFindings(store, Clock.systemUTC(), "replica-a");
        // what replica a recorded and announced before it died: ongoing, about to end, ended before b started
        for (String cause : List.of("ongoing", "ends-in-handover", "ended-before-b")) {
            a.opened(id(cause), finding(cause), t0).forEach(a::announced);
        }
        // and one it recorded but did not live to announce
        a.opened(id("recorded-not-sent"), finding("recorded-not-sent"), t0.plusSeconds(1));

        List<String> byA = findingLines();
        Baton baton = new Baton();
        ReplicaView b = new ReplicaView();
        FindingNotices notices = replica(baton, b);
        b.see(active("ongoing", t0.plusSeconds(5)), active("recorded-not-sent", t0.plusSeconds(5)),
                resolved("ends-in-handover", t0.plusSeconds(5), Instant.now().minusSeconds(30)), active("began-in-handover", Instant.now().minusSeconds(20)));
        notices.accept(List.of(TrackedFinding.Change.of("new", b.view.findings().getFirst())));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> slack.received().isEmpty());
        assertThat(findingLines()).as("a follower writes nothing").isEqualTo(byA);

        baton.take();
        await().atMost(Duration.ofSeconds(15)).until(() -> slack.received().size() >= 4);
        notices.close();

        assertThat(posted()).containsExactlyInAnyOrder("new " + id("recorded-not-sent"), "resolved " + id("ends-in-handover"),
                "new " + id("began-in-handover"), "resolved " + id("ended-before-b"));
        // a's lines were written when a recorded (the one it did not send too); b's once each
        assertThat(findingLines()).containsExactlyInAnyOrder("new " + id("ongoing"), "new " + id("ends-in-handover"),
                "new " + id("ended-before-b"), "new " + id("recorded-not-sent"),
                "resolved " + id("ends-in-handover"), "new " + id("began-in-handover"), "resolved " + id("ended-before-b"));
        assertThat(a.unannounced()).isEmpty();
        assertThat(a.recorded(List.of()).keySet()).containsExactlyInAnyOrder(id("ongoing"), id("recorded-not-sent"), id("began-in-handover"));
    }

    @Test
    void twoReplicasThatBothLeadAnnounceEachTransitionOnce() {
        ReplicaView a = new ReplicaView();
        ReplicaView b = new ReplicaView();
        replica(Leadership.alone(), a);
        replica(Leadership.alone(), b);
        Instant first = Instant.now();
        for (ReplicaView v : List.of(a, b)) v.see(active("x", first), active("y", first.plusMillis(3)));
        replicas.forEach(r -> r.accept(List.of(TrackedFinding.Change.of("new", a.view.findings().getFirst()))));
        await().atMost(Duration.ofSeconds(15)).until(() -> slack.received().size() >= 2);

        Instant gone = Instant.now();
        for (ReplicaView v : List.of(a, b)) v.see(resolved("x", first, gone), active("y", first.plusMillis(3)));
        replicas.forEach(r -> r.accept(List.of(TrackedFinding.Change.of("resolved", a.view.findings().getFirst()))));
        await().atMost(Duration.ofSeconds(15)).until(() -> slack.received().size() >= 3);
        replicas.forEach(FindingNotices::close);

        assertThat(posted()).hasSize(3).endsWith("resolved " + id("x")).contains("new " + id("x"), "new " + id("y"));
        assertThat(findingLines()).hasSize(3).endsWith("resolved " + id("x")).contains("new " + id("x"), "new " + id("y"));
    }

    /** One replica's detector state, as the worker reads it. */
    static final class ReplicaView {
        volatile Detector.State view = new Detector.State(false, null, null, List.of());

        void see(TrackedFinding... findings) {
            view = new Detector.State(true, Instant.now(), null, List.of(findings));
        }
    }

    private FindingNotices replica(Leadership leadership, ReplicaView view) {
        Map<String, String> env = Map.of("SLACK_WEBHOOK", slack.url() + "/services/T0001/B0001/handover-secret-0123456789");
        Notifications config = new Notifications(Optional.of(new Notifications.Slack(SecretRef.env("SLACK_WEBHOOK"), Optional.empty())),
                Optional.empty(), Optional.empty());
        RetryPolicy quick = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20), 0, Duration.ofSeconds(2), Duration.ofSeconds(5));
        FindingNotices notices = new FindingNotices(Optional.of(Notifier.from(config, env::get, quick, Clock.systemUTC(), Sleeper.REAL, () -> 0.5)),
                new AnnouncedFindings(store, Clock.systemUTC(), "replica-" + replicas.size()), leadership,
                new FindingNotices.Seen(() -> view.view, GRACE, Clock.systemUTC()), new ServeMetrics());
        replicas.add(notices);
        return notices;
    }

    /** What Slack was sent, in order: {@code new ID} or {@code resolved ID}. */
    private List<String> posted() {
        return slack.received().stream().map(r -> {
            JsonNode m = JSON.readTree(r.body());
            String blocks = m.path("blocks").toString();
            String kind = m.path("text").asString().contains(" new finding: ") ? "new " : "resolved ";
            return kind + CAUSES.stream().map(FindingHandoverTest::id).filter(blocks::contains).findFirst().orElse("?");
        }).toList();
    }

    /** serve's lines on the incident's timeline, as {@code new ID} or {@code resolved ID}. */
    private List<String> findingLines() {
        return incidents.timeline(incident.number()).stream()
                .filter(e -> e.kind() == TimelineEntry.Kind.FINDING && e.actor().equals(AnnouncedFindings.ACTOR))
                .map(e -> e.text().startsWith("new finding ") ? "new " + e.text().substring(12).split(" ")[0]
                        : "resolved " + e.text().substring(17).split(":")[0]).toList();
    }

    static String id(String cause) {
        return "workspace-restarts/" + cause + "/us-west-2";
    }

    static Finding finding(String cause) {
        return new Finding("workspace-restarts", cause, "Workspaces restarting (" + cause + ")", Severity.P1, List.of("us-west-2"),
                cause + " in us-west-2", 1, List.of(), List.of(), "docs/runbook.md#workspace-restarts", List.of());
    }

    static TrackedFinding active(String cause, Instant firstSeen) {
        return new TrackedFinding(id(cause), TrackedFinding.State.NEW, firstSeen, Instant.now(), null, null, finding(cause));
    }

    static TrackedFinding resolved(String cause, Instant firstSeen, Instant resolvedAt) {
        return new TrackedFinding(id(cause), TrackedFinding.State.RESOLVED, firstSeen, resolvedAt, null, resolvedAt, finding(cause));
    }
}
