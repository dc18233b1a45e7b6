package io.pitcrew.lab;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

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

    private String check(HttpResponse<String> r) {
        if (r.statusCode() / 100 != 2) throw new IllegalStateException("the lab answered " + r.statusCode() + ": " + r.body().strip());
        return r.body().strip();
    }

    private HttpResponse<String> post(String path) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new NotRunning("no lab answers at " + base + " (" + e.getClass().getSimpleName()
                    + "); its lab.json is stale — start one with `pitcrew lab up`");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotRunning("interrupted");
        }
    }
}
