package io.pitcrew.lab;

import io.javalin.Javalin;

/**
 * The running lab's remote control on 127.0.0.1, for {@code pitcrew lab inject} and {@code lab reset} from
 * another terminal: POST /scenario/{name}, POST /reset.
 */
final class ControlServer {

    private final Javalin app;

    private ControlServer(Javalin app) {
        this.app = app;
    }

    static ControlServer start(Lab lab) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post("/scenario/{name}", ctx -> {
                String name = ctx.pathParam("name");
                try {
                    lab.inject(name);
                    ctx.contentType("text/plain").result("injected " + name + "\n");
                } catch (IllegalArgumentException e) {
                    ctx.status(404).contentType("text/plain").result(e.getMessage() + "\n");
                }
            });
            config.routes.post("/reset", ctx -> {
                lab.reset();
                ctx.contentType("text/plain").result("reset to the healthy base\n");
            });
            config.routes.get("/", ctx -> ctx.contentType("text/plain").result("pitcrew lab\n"));
        });
        app.start("127.0.0.1", 0);
        return new ControlServer(app);
    }

    int port() {
        return app.port();
    }

    void stop() {
        app.stop();
    }
}
