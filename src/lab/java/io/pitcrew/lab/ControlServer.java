package io.pitcrew.lab;

import io.javalin.Javalin;
import io.javalin.http.Context;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The running lab's remote control on 127.0.0.1, for {@code pitcrew lab inject} and {@code lab reset} from
 * another terminal: POST /scenario/{name}, POST /reset; and for {@code pitcrew drill}: POST /drill (arm), GET /drill,
 * POST /drill/end, each answering the drill's {@link DrillState} as JSON.
 */
final class ControlServer {

    static final JsonMapper JSON = JsonMapper.builder().build();

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
            config.routes.post("/drill", ctx -> arm(lab.drill(), ctx));
            config.routes.get("/drill", ctx -> answer(ctx, lab.drill().state()));
            config.routes.post("/drill/end", ctx -> answer(ctx, lab.drill().end()));
            config.routes.get("/", ctx -> ctx.contentType("text/plain").result("pitcrew lab\n"));
        });
        app.start("127.0.0.1", 0);
        return new ControlServer(app);
    }

    /**
     * {@code {"id", "scenarios": [...], "afterMillis", "stepMillis"?}}: 404 names an unknown scenario, 409 says a drill
     * runs already, 400 a body that is not one.
     */
    private static void arm(LabDrill drill, Context ctx) {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (JacksonException e) {
            ctx.status(400).contentType("text/plain").result("the body is not JSON\n");
            return;
        }
        List<Rehearsal> faults = new ArrayList<>();
        for (JsonNode name : body.path("scenarios")) {
            Optional<Rehearsal> r = Rehearsals.byName(name.asString(""));
            if (r.isEmpty()) {
                ctx.status(404).contentType("text/plain").result("unknown scenario '" + name.asString("")
                        + "'; valid scenarios: " + String.join(", ", Rehearsals.names()) + "\n");
                return;
            }
            faults.add(r.get());
        }
        Duration after = Duration.ofMillis(body.path("afterMillis").asLong(0));
        Duration step = body.path("stepMillis").isNumber() ? Duration.ofMillis(body.path("stepMillis").asLong()) : LabDrill.STEP;
        try {
            answer(ctx, Optional.of(drill.arm(body.path("id").asString("drill"), faults, after, step)));
        } catch (IllegalStateException e) {
            ctx.status(409).contentType("text/plain").result(e.getMessage() + "\n");
        } catch (IllegalArgumentException e) {
            ctx.status(400).contentType("text/plain").result(e.getMessage() + "\n");
        }
    }

    private static void answer(Context ctx, Optional<DrillState> state) {
        if (state.isEmpty()) {
            ctx.status(404).contentType("text/plain").result("no drill is armed on this lab\n");
            return;
        }
        ctx.contentType("application/json").result(JSON.writeValueAsString(state.get()));
    }

    int port() {
        return app.port();
    }

    void stop() {
        app.stop();
    }
}
