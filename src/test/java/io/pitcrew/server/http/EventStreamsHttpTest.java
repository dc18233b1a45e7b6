package io.pitcrew.server.http;

import io.pitcrew.config.Names;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.config.Thresholds;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.server.QuickServe;
import io.pitcrew.server.Serve;
import io.pitcrew.server.ServeSettings;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two server-sent-event streams ({@code /status/stream}, public, and {@code /api/stream}) under clients that come
 * and go: a client that left is let go (its socket closed, its slot free) without any status change to write.
 */
class EventStreamsHttpTest {

    static final String TOKEN = "streams-test-token-0123456789";
    static final Duration HEARTBEAT = Duration.ofMillis(200);

    @TempDir
    static Path dir;
    static Store store;
    static Serve serve;

    @BeforeAll
    static void start() {
        PitcrewConfig config = new PitcrewConfig(List.of(new Region("us-east-2", "us-east-2", Region.Role.CONTROL_PLANE, "a.example")),
                Names.defaults(), Thresholds.defaults(), Optional.empty());
        store = Store.open(dir.resolve("pitcrew.db"));
        // never watched: nothing changes, so nothing but the heartbeat is ever written to a stream
        serve = Serve.open(config, null, Doctor.loadRunbook(Optional.empty()), QuickServe.settings().withStreams(HEARTBEAT, new StreamCaps(1000, 2000)), TOKEN, store);
    }

    @AfterAll
    static void stop() {
        if (serve != null) serve.close();
        if (store != null) store.close();
    }

    @Test
    void streamsOfClientsThatLeftAreClosedWithoutAnyStatusChange() {
        long baseline = SseClientSocket.openSockets();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 200; i++) cycle("/status/stream", null);
            for (int i = 0; i < 100; i++) cycle("/api/stream", TOKEN);
        }
        // each left stream is a socket in CLOSE_WAIT on serve's side until serve writes to it and lets it go; the few
        // sockets of slack are for what other tests in this JVM may still be closing or opening, not for 600 streams
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(serve.openStreams()).as("streams serve holds").isZero();
            assertThat(SseClientSocket.openSockets()).as("sockets open in this process").isLessThanOrEqualTo(baseline + 5);
        });
    }

    @Test
    void aQuietStatusStreamIsSentAKeepAliveComment() {
        try (SseClientSocket c = SseClientSocket.open(serve.port(), "/status/stream", null)) {
            assertThat(c.readUntil("data:")).contains("\"overall\"");
            assertThat(c.readUntil(":")).isEqualTo(": " + EventStream.KEEP_ALIVE);
        }
    }

    @Test
    void withoutAcceptEventStreamBothStreamsAnswer406() {
        for (String path : List.of("/status/stream", "/api/stream")) {
            try (SseClientSocket c = SseClientSocket.open("127.0.0.1", serve.port(), path, path.startsWith("/api") ? TOKEN : null, false)) {
                assertThat(c.status).as(path).isEqualTo(406);
                assertThat(c.header("content-type")).startsWith("application/json");
                assertThat(c.body()).contains("{\"error\":\"" + path + " is a server-sent event stream: send Accept: text/event-stream");
            }
        }
    }

    @Test
    void beyondItsCapsAStreamIs503WithRetryAfterUntilOthersLeave() {
        ServeSettings capped = QuickServe.settings().withStreams(HEARTBEAT, new StreamCaps(3, 5));
        try (Store own = Store.open(dir.resolve("capped.db"));
             Serve small = Serve.open(new PitcrewConfig(List.of(new Region("us-east-2", "us-east-2", Region.Role.CONTROL_PLANE, "a.example")),
                     Names.defaults(), Thresholds.defaults(), Optional.empty()), null, Doctor.loadRunbook(Optional.empty()), capped, TOKEN, own)) {
            List<SseClientSocket> open = new ArrayList<>();
            try {
                // three from one address, on either stream
                open.add(SseClientSocket.open("127.0.0.1", small.port(), "/status/stream", null, true));
                open.add(SseClientSocket.open("127.0.0.1", small.port(), "/status/stream", null, true));
                open.add(SseClientSocket.open("127.0.0.1", small.port(), "/api/stream", TOKEN, true));
                try (SseClientSocket fourth = SseClientSocket.open("127.0.0.1", small.port(), "/status/stream", null, true)) {
                    assertThat(fourth.status).isEqualTo(503);
                    assertThat(fourth.header("content-type")).startsWith("application/json");
                    assertThat(Integer.parseInt(fourth.header("retry-after"))).isPositive();
                    assertThat(fourth.body()).contains("{\"error\":\"3 event streams are open from 127.0.0.1, the limit per client address (--max-streams-per-client 3)");
                }
                // five in all, whoever holds them
                open.add(SseClientSocket.open("127.0.0.2", small.port(), "/status/stream", null, true));
                open.add(SseClientSocket.open("127.0.0.2", small.port(), "/api/stream", TOKEN, true));
                open.forEach(c -> assertThat(c.status).isEqualTo(200));
                try (SseClientSocket sixth = SseClientSocket.open("127.0.0.3", small.port(), "/status/stream", null, true)) {
                    assertThat(sixth.status).isEqualTo(503);
                    assertThat(sixth.body()).contains("the server has 5 event streams open, its limit (--max-streams 5)");
                }
                assertThat(small.openStreams()).isEqualTo(5);
            } finally {
                open.forEach(SseClientSocket::close);
            }
            // the clients left: their slots are free again once serve has noticed, without anything to send
            await().atMost(Duration.ofSeconds(30)).until(() -> small.openStreams() == 0);
            try (SseClientSocket again = SseClientSocket.open("127.0.0.1", small.port(), "/status/stream", null, true)) {
                assertThat(again.status).isEqualTo(200);
            }
        }
    }

    /** Opens a stream, reads its first event (the status page's picture) or only its headers, and leaves. */
    private static void cycle(String path, String bearer) {
        try (SseClientSocket c = SseClientSocket.open(serve.port(), path, bearer)) {
            assertThat(c.status).isEqualTo(200);
            if (bearer == null) c.readUntil("data:");
        }
    }
}
