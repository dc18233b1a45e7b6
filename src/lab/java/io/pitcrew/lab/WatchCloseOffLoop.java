package io.pitcrew.lab;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A watch's listener whose close runs off the mock server's event loop. Fabric8's CRUD watch listener waits for its
 * own executor to finish in {@code onClosed}, on the server's single Vert.x event loop: a watch closed while events
 * are in flight froze the whole API server for about 30 s (fabric8-mock-server.md, "Traps"). Everything else is
 * passed through as it comes.
 */
final class WatchCloseOffLoop extends WebSocketListener {

    private static final ExecutorService CLOSER = Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().daemon().name("lab-watch-close-", 0).factory());

    private final WebSocketListener delegate;

    WatchCloseOffLoop(WebSocketListener delegate) {
        this.delegate = delegate;
    }

    @Override public void onBeforeAccept(WebSocket ws, Response response) { delegate.onBeforeAccept(ws, response); }
    @Override public void onOpen(WebSocket ws, Response response) { delegate.onOpen(ws, response); }
    @Override public void onMessage(WebSocket ws, String text) { delegate.onMessage(ws, text); }
    @Override public void onMessage(WebSocket ws, ByteString bytes) { delegate.onMessage(ws, bytes); }
    @Override public void onMessage(WebSocket ws, byte[] bytes) { delegate.onMessage(ws, bytes); }
    @Override public void onPing(WebSocket ws, byte[] payload) { delegate.onPing(ws, payload); }
    @Override public void onClosing(WebSocket ws, int code, String reason) { delegate.onClosing(ws, code, reason); }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
        CLOSER.execute(() -> delegate.onClosed(ws, code, reason));
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
        CLOSER.execute(() -> delegate.onFailure(ws, t, response));
    }
}
