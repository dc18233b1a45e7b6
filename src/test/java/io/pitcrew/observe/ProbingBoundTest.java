package io.pitcrew.observe;

import com.sun.net.httpserver.HttpServer;
import io.pitcrew.config.Probes;
import io.pitcrew.observe.coder.CoderAnswer;
import io.pitcrew.observe.coder.Provisioning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source that answers every request, each a little inside the timeout, costs a sweep one timeout and a little, not
 * one per request: coderd's builds are two lists asked one after the other, so at 1.4 s an answer with a 2 s timeout
 * they took 2.8 s, and were kept, before each question was bounded as a whole (2.5 s). The questions that answered in
 * time are kept.
 */
class ProbingBoundTest {

    @TempDir
    Path dir;

    @Test
    void aQuestionOfSeveralSlowRequestsIsGivenUpOnAfterOneTimeoutAndTheOthersAreKept() throws IOException {
        HttpServer coderd = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        coderd.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        coderd.createContext("/", x -> {
            try (x) {
                Thread.sleep(1400);
                byte[] body = (x.getRequestURI().getPath().endsWith("/workspaces") ? "{\"workspaces\":[]}"
                        : x.getRequestURI().getPath().endsWith("/health") ? "{\"provisioner_daemons\":{\"severity\":\"ok\"}}" : "[]")
                        .getBytes(StandardCharsets.UTF_8);
                x.sendResponseHeaders(200, body.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        coderd.start();
        try {
            Path token = Files.writeString(dir.resolve("token"), "session-token");
            Probes probes = new Probes(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(new Probes.Coder(
                    "http://127.0.0.1:" + coderd.getAddress().getPort(), Optional.empty(), Optional.of(token))));
            long start = System.nanoTime();
            Provisioning p = new Probing(probes, Duration.ofSeconds(2)).provisioning().orElseThrow();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            // the timeout and the grace (2.5 s), not the two requests' 2.8 s and a timeout more for the probe's threads;
            // what tells the bound from its absence is the answer below, the time only catches a sweep held on
            assertThat(took).isLessThan(Duration.ofSeconds(5));
            assertThat(p.builds()).isInstanceOfSatisfying(CoderAnswer.Unreachable.class, u -> {
                assertThat(u.reason()).isEqualTo("timeout");
                assertThat(u.detail()).startsWith("no whole answer within 2.0 s");
            });
            assertThat(p.daemons()).isInstanceOf(CoderAnswer.Answered.class);
            assertThat(p.pendingJobs()).isInstanceOf(CoderAnswer.Answered.class);
        } finally {
            coderd.stop(0);
        }
    }
}
