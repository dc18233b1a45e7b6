package io.pitcrew.lab;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Drives a lab running in another process, found through the lab.json in its directory. */
public final class LabRemote {

    /** No lab answers for that directory: no lab.json, or nothing listening on its control port. */
    public static final class NotRunning extends RuntimeException {
        NotRunning(String message) {
            super(message);
        }
    }

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LabRemote(URI base) {
        this.base = base;
    }

    public static LabRemote in(Path dir) {
        int port = LabFiles.controlPort(dir).orElseThrow(() -> new NotRunning(
                "no lab is running in " + dir.toAbsolutePath() + " (no " + LabFiles.STATE + "); start one with `pitcrew lab up --dir " + dir + "`"));
        return new LabRemote(URI.create("http://127.0.0.1:" + port));
    }

    /** Injects a scenario; IllegalArgumentException names the valid ones when the lab does not know it. */
    public String inject(String scenario) {
        HttpResponse<String> r = post("/scenario/" + scenario);
        if (r.statusCode() == 404) throw new IllegalArgumentException(r.body().strip());
        return check(r);
    }

    public String reset() {
        return check(post("/reset"));
    }

    /**
     * Arms a drill of {@code scenarios} (the names of {@link Rehearsals}), injected {@code after} from now. An unknown
     * scenario is an IllegalArgumentException naming the valid ones; a drill the lab runs already an
     * IllegalStateException saying which.
     */
    public DrillState armDrill(String id, List<String> scenarios, Duration after) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("scenarios", scenarios);
        body.put("afterMillis", after.toMillis());
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/drill"))
                .POST(HttpRequest.BodyPublishers.ofString(ControlServer.JSON.writeValueAsString(body))));
        if (r.statusCode() == 404) throw new IllegalArgumentException(r.body().strip());
        if (r.statusCode() == 409) throw new IllegalStateException(r.body().strip());
        return ControlServer.JSON.readValue(check(r), DrillState.class);
    }

    /** The drill the lab runs, or ran last; empty when it was never armed one. */
    public Optional<DrillState> drill() {
        return drillAnswer(send(HttpRequest.newBuilder(base.resolve("/drill")).GET()));
    }

    /** Ends the drill the lab runs (nothing more is injected or grown) and says how it stood. */
    public Optional<DrillState> endDrill() {
        return drillAnswer(post("/drill/end"));
    }

    private Optional<DrillState> drillAnswer(HttpResponse<String> r) {
        if (r.statusCode() == 404) return Optional.empty();
        return Optional.of(ControlServer.JSON.readValue(check(r), DrillState.class));
    }

    private String check(HttpResponse<String> r) {
        if (r.statusCode() / 100 != 2) throw new IllegalStateException("the lab answered " + r.statusCode() + ": " + r.body().strip());
        return r.body().strip();
    }

    private HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new NotRunning("no lab answers at " + base + " (" + e.getClass().getSimpleName()
                    + "); its lab.json is stale — start one with `pitcrew lab up`");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotRunning("interrupted");
        }
    }
}
