package io.pitcrew.server.pages;

import io.javalin.config.RoutesConfig;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Incidents;
import io.pitcrew.runbook.Finding;
import io.pitcrew.server.http.EventStream;
import io.pitcrew.server.http.Html;
import io.pitcrew.server.http.StreamSlots;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The public status page: {@code /status} (HTML), {@code /status.json} and {@code /status/stream} (SSE). Read-only
 * and open. The picture is worked out again on every finding change, every {@link #POLL} (incident changes are
 * written by other processes too, e.g. {@code pitcrew incident update}) and on {@link #refresh()}; it is
 * serialized once, and sent to the viewers only when that text changed.
 */
public final class StatusPage implements AutoCloseable {

    static final Duration POLL = Duration.ofSeconds(2);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> regions;
    private final Supplier<List<Finding>> findings;
    private final Incidents incidents;
    private final Clock clock;
    private final EventStream viewers;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("status-page").factory());
    private final ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("status-poll").factory());
    private volatile Current current;

    /** The last picture and its JSON, kept together so a new viewer gets exactly what the others got. */
    private record Current(ParticipantStatus status, String json) {}

    public StatusPage(List<String> regions, Supplier<List<Finding>> findings, Incidents incidents, Clock clock, StreamSlots slots, Duration heartbeat) {
        this.viewers = new EventStream("/status/stream", EventStream.Backlog.NEWEST, slots, heartbeat);
        this.regions = List.copyOf(regions);
        this.findings = findings;
        this.incidents = incidents;
        this.clock = clock;
        this.current = compute();
        poll.scheduleWithFixedDelay(this::refresh, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void routes(RoutesConfig routes) {
        routes.get("/status", ctx -> Html.answer(ctx, StatusHtml.render(current.status(), clock.instant())));
        routes.get("/status.json", ctx -> ctx.contentType("application/json").header("Cache-Control", "no-store").result(current.json()));
        routes.get("/status/stream", viewers.handler(() -> List.of(event(current.json()))));
    }

    /** Works the picture out again (off the caller's thread) and sends it if it changed; cheap to call often. */
    public void refresh() {
        worker.execute(() -> {
            try {
                Current next = compute();
                if (!next.json().equals(current.json())) {
                    current = next;
                    viewers.send(event(next.json()));
                }
            } catch (RuntimeException e) {
                // a store that cannot be read now is read again at the next poll; the page keeps the last picture
                System.getLogger(StatusPage.class.getName()).log(System.Logger.Level.WARNING, "status page: " + e.getMessage());
            }
        });
    }

    ParticipantStatus status() {
        return current.status();
    }

    /** Each event is the whole public picture. */
    private static EventStream.Event event(String json) {
        return new EventStream.Event("status", json);
    }

    int viewers() {
        return viewers.size();
    }

    private Current compute() {
        List<ParticipantStatus.IncidentLog> logs = new ArrayList<>();
        if (incidents != null) {
            for (Incident i : incidents.all()) {
                // the timeline is read only for incidents the page may show
                if (i.userVisible()) logs.add(new ParticipantStatus.IncidentLog(i, incidents.timeline(i.number())));
            }
        }
        ParticipantStatus s = ParticipantStatus.of(regions, findings.get(), logs, clock.instant());
        return new Current(s, json(s));
    }

    /** What a viewer receives: the picture as JSON. */
    static String json(ParticipantStatus s) {
        return JSON.writeValueAsString(s);
    }

    @Override
    public void close() {
        poll.shutdownNow();
        worker.shutdownNow();
        viewers.close();
    }
}
