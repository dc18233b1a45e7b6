package io.pitcrew.server.http;

import io.javalin.Javalin;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that opens a stream and never reads: once its socket is full, serve's write to it blocks. That must hold up
 * neither the sender nor the other listeners, and the stuck client must be let go when the connection's idle timeout
 * fails the blocked write (serve's connector keeps Jetty's default of 30 s; 1 s here), its slot freed. bench/serve-load.sh
 * holds 200 such clients against the real serve, but at a few KB of events a minute they never fill their sockets in
 * a 10-minute run: here 20 MB of events do.
 */
class SlowReaderTest {

    static final int EVENTS = 400;
    static final String DATA = "x".repeat(50_000);

    Javalin app;
    EventStream stream;

    @AfterEach
    void stop() {
        if (stream != null) stream.close();
        if (app != null) app.stop();
    }

    @Test
    void aClientThatNeverReadsHoldsUpNoOneAndIsLetGo() throws IOException {
        StreamSlots slots = new StreamSlots(new StreamCaps(10, 10));
        stream = new EventStream("/s", EventStream.Backlog.EVERY, slots, Duration.ofMinutes(5));
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost("127.0.0.1");
                connector.setPort(0);
                connector.setIdleTimeout(1000);
                return connector;
            });
            config.routes.get("/s", stream.handler(List::of));
        }).start();
        int port = ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();

        try (Socket stuck = new Socket()) {
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            stuck.getOutputStream().write(("GET /s HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.size() == 1);
            try (SseClientSocket reader = SseClientSocket.open(port, "/s", null)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> stream.size() == 2);
                long sent = System.nanoTime();
                for (int i = 0; i < EVENTS; i++) stream.send(new EventStream.Event("e", i + " " + DATA));
                // the sender only queued: it never waits for a client
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(5));
                for (int i = 0; i < EVENTS; i++) assertThat(reader.readUntil("data:")).startsWith("data: " + i + " ");
                // 20 MB do not fit in the stuck client's socket: its write blocked, the idle timeout failed it, the slot is free
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(stream.size()).as("listeners").isEqualTo(1);
                    assertThat(slots.open()).as("slots").isEqualTo(1);
                });
            }
        }
    }
}
