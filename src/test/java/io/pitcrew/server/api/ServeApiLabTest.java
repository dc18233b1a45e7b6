package io.pitcrew.server.api;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabKit;
import io.pitcrew.server.ApiClient;
import io.pitcrew.server.QuickServe;
import io.pitcrew.server.Serve;
import io.pitcrew.server.access.Role;
import io.pitcrew.server.access.TokenFile;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The responder API against a lab with too few provisioners: an incident's life over HTTP, the actions a finding
 * calls for, and plan → confirm → apply of the fix, which changes the cluster, is audited with the caller's name and
 * lands on the incident's timeline.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeApiLabTest {

    @TempDir
    static Path dir;
    static Lab lab;
    static Serve serve;
    static Store store;
    static ApiClient api;
    static PitcrewConfig config;
    static String findingId;
    static final Map<Role, String> TOKEN = new EnumMap<>(Role.class);

    @BeforeAll
    static void start() {
        lab = Lab.start(dir, "provisioner-shortage", 8);
        Path tokens = dir.resolve("tokens.yaml");
        for (Role r : Role.values()) TOKEN.put(r, TokenFile.add(tokens, r.label() + "-1", r));
        store = Store.open(dir.resolve("pitcrew.db"));
        config = LabKit.config(lab);
        serve = LabKit.serve(lab, config, QuickServe.settings(), TokenFile.load(tokens), store).watch();
        api = new ApiClient(serve.port());
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (JsonNode f : api.get("/api/findings", TOKEN.get(Role.VIEWER)).json().path("findings")) {
                if (f.path("id").asString().startsWith("provisioner-failures/insufficient-provisioners/")) {
                    findingId = f.path("id").asString();
                    return true;
                }
            }
            return false;
        });
    }

    @AfterAll
    static void stop() {
        if (serve != null) serve.close();
        if (store != null) store.close();
        if (lab != null) lab.close();
    }

    private static ApiClient.Answer post(Role as, String path, String body) {
        return api.post(path, TOKEN.get(as), body);
    }

    @Test
    @Order(1)
    void anIncidentsLifeOverHttp() {
        var declared = post(Role.COMMANDER, "/api/incidents", "{\"title\": \"Provisioners <b>short</b>\", \"severity\": \"P2\", \"finding\": \"provisioner-failures/insufficient-provisioners\"}");
        assertThat(declared.status()).as(declared.body()).isEqualTo(201);
        String id = declared.json().path("id").asString();
        assertThat(declared.header("location")).isEqualTo("/api/incidents/" + id);
        assertThat(declared.json().path("findings").get(0).path("cause").asString()).isEqualTo("insufficient-provisioners");
        String at = "/api/incidents/" + id;

        assertThat(post(Role.RESPONDER, at + "/notes", "{\"text\": \"queue at 4\"}").status()).isEqualTo(201);
        assertThat(post(Role.RESPONDER, at + "/ack", null).status()).isEqualTo(200);
        assertThat(post(Role.RESPONDER, at + "/ack", null).status()).as("acknowledged already").isEqualTo(409);
        var update = post(Role.RESPONDER, at + "/updates", "{\"status\": \"identified\", \"message\": \"Workspaces start slowly; we are adding capacity\"}");
        assertThat(update.status()).as(update.body()).isEqualTo(201);
        assertThat(update.json().path("status").asString()).isEqualTo("identified");
        var severity = post(Role.COMMANDER, at + "/severity", "{\"severity\": \"P1\", \"reason\": \"every new workshop waits\"}");
        assertThat(severity.status()).as(severity.body()).isEqualTo(200);
        assertThat(post(Role.COMMANDER, at + "/roles", "{\"role\": \"commander\", \"name\": \"alice\"}").status()).isEqualTo(200);
        var checked = post(Role.RESPONDER, at + "/checklist", "{\"key\": \"team-notified\", \"checked\": true}");
        assertThat(checked.status()).as(checked.body()).isEqualTo(200);
        assertThat(checked.json().path("checklist").toString()).contains("\"key\":\"team-notified\"", "\"checkedBy\":\"responder-1\"");
        assertThat(post(Role.RESPONDER, at + "/checklist", "{\"key\": \"no-such-item\", \"checked\": true}").status()).isEqualTo(409);
        assertThat(post(Role.RESPONDER, at + "/updates", "{\"status\": \"resolved\", \"message\": \"done\"}").status()).isEqualTo(400);
        var resolved = post(Role.COMMANDER, at + "/resolve", "{\"rootCause\": \"6 provisioners for 40 users\"}");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(post(Role.COMMANDER, at + "/resolve", "{\"rootCause\": \"again\"}").status()).isEqualTo(409);

        JsonNode shown = api.get(at, TOKEN.get(Role.VIEWER)).json();
        assertThat(shown.path("status").asString()).isEqualTo("resolved");
        assertThat(shown.path("severity").asString()).isEqualTo("P1");
        assertThat(shown.path("commander").asString()).isEqualTo("alice");
        assertThat(shown.path("rootCause").asString()).isEqualTo("6 provisioners for 40 users");
        List<String> kinds = new ArrayList<>();
        shown.path("timeline").forEach(e -> kinds.add(e.path("kind").asString() + " " + e.path("actor").asString()));
        assertThat(kinds).containsSubsequence("declared commander-1", "finding commander-1", "note responder-1", "acknowledged responder-1",
                "status responder-1", "update responder-1", "severity commander-1", "role commander-1", "resolved commander-1");
        assertThat(api.get("/api/incidents", TOKEN.get(Role.VIEWER)).json().path("incidents").toString()).contains(id, "Provisioners <b>short</b>");
    }

    @Test
    @Order(2)
    void badRequestsAreJsonErrorsWithTheirStatus() {
        var bad = post(Role.COMMANDER, "/api/incidents", "{not json");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").asString()).contains("not JSON");
        assertThat(post(Role.COMMANDER, "/api/incidents", "{\"title\": \"x\", \"severity\": \"P9\"}").json().path("error").asString()).contains("P0, P1, P2, P3");
        assertThat(post(Role.COMMANDER, "/api/incidents", "{\"title\": \"x\", \"severity\": \"P2\", \"finding\": \"no/such\"}").status()).isEqualTo(404);
        assertThat(api.get("/api/incidents/INC-99", TOKEN.get(Role.VIEWER)).status()).isEqualTo(404);
        assertThat(api.get("/api/incidents/banana", TOKEN.get(Role.VIEWER)).status()).isEqualTo(400);
        assertThat(post(Role.RESPONDER, "/api/incidents/INC-1/notes", "{\"text\": 3}").json().path("error").asString()).contains("'text' must be a string");
        assertThat(api.get("/api/audit?limit=0", TOKEN.get(Role.VIEWER)).status()).isEqualTo(400);
        assertThat(api.get("/api/findings/no/such/finding/actions", TOKEN.get(Role.VIEWER)).status()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void aFindingsActionsAreThoseFixWouldRun() {
        JsonNode a = api.get("/api/findings/" + findingId + "/actions", TOKEN.get(Role.VIEWER)).json();
        assertThat(a.path("finding").asString()).isEqualTo(findingId);
        assertThat(a.path("actions").get(0).path("id").asString()).isEqualTo("scale-provisioners");
        assertThat(a.path("actions").get(0).path("parameters").toString()).contains("\"name\":\"replicas\"");
        assertThat(a.path("actions").get(0).path("suggested").toString()).as("nothing to fill in: its defaults").isEqualTo("[{}]");

        // the finding itself, as /api/findings lists it: an incident, with the runbook's fix: filled in
        JsonNode f = finding(findingId);
        assertThat(f.path("kind").asString()).isEqualTo("incident");
        assertThat(f.path("fixes").toString()).isEqualTo("[{\"action\":\"scale-provisioners\",\"suggested\":[{}]}]");
    }

    @Test
    @Order(5)
    void aRiskIsListedWithItsKindAndFix() {
        // fifty workspace owners on LiteLLM's four replicas (8 users each), nothing failing yet
        lab.inject("litellm-undersized");
        await().atMost(Duration.ofSeconds(60)).until(() -> finding("litellm-auth/litellm-undersized/") != null);
        JsonNode f = finding("litellm-auth/litellm-undersized/");
        assertThat(f.path("kind").asString()).isEqualTo("risk");
        assertThat(f.path("severity").asString()).isEqualTo("P3");
        assertThat(f.path("fixes").toString()).isEqualTo("[{\"action\":\"scale-litellm\",\"suggested\":[{}]}]");
    }

    /** The {@code finding} of /api/findings whose id starts with {@code id}, or null. */
    private static JsonNode finding(String id) {
        for (JsonNode t : api.get("/api/findings", TOKEN.get(Role.VIEWER)).json().path("findings")) {
            if (t.path("id").asString().startsWith(id)) return t.path("finding");
        }
        return null;
    }

    @Test
    @Order(4)
    void aPlanIsAppliedOnlyWithConfirmationExactlyOnceAuditedAndOnTheTimeline() {
        String incident = post(Role.COMMANDER, "/api/incidents", "{\"title\": \"capacity\", \"severity\": \"P2\"}").json().path("id").asString();
        assertThat(post(Role.RESPONDER, "/api/actions/plan", "{\"action\": \"scale-everything\"}").status()).isEqualTo(404);
        assertThat(post(Role.RESPONDER, "/api/actions/plan", "{\"action\": \"scale-provisioners\", \"parameters\": {\"pod\": \"x\"}}")
                .json().path("error").asString()).contains("does not take --pod");
        assertThat(post(Role.RESPONDER, "/api/actions/plan", "{\"action\": \"update-litellm-credentials\", \"parameters\": {\"from-env\": \"PITCREW_SERVE_TOKEN\"}}")
                .status()).isEqualTo(400);

        var plan = post(Role.RESPONDER, "/api/actions/plan", "{\"action\": \"scale-provisioners\", \"parameters\": {}, \"incident\": \""
                + incident + "\", \"finding\": \"" + findingId + "\"}");
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        String planId = plan.json().path("planId").asString();
        assertThat(planId).isNotBlank();
        assertThat(plan.json().path("result").asString()).isEqualTo("planned");
        assertThat(plan.json().path("changes").toString()).contains("coder-provisioner-default").contains("\"before\":\"6\"", "\"after\":\"10\"");

        var unconfirmed = post(Role.RESPONDER, "/api/actions/apply", "{\"planId\": \"" + planId + "\"}");
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.json().path("error").asString()).contains("confirm").contains("nothing was changed");
        assertThat(replicas()).isEqualTo(6);

        var applied = post(Role.RESPONDER, "/api/actions/apply", "{\"planId\": \"" + planId + "\", \"confirm\": true}");
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(applied.json().path("result").asString()).isEqualTo("applied");
        assertThat(applied.json().path("incident").asString()).isEqualTo(incident);
        assertThat(replicas()).isEqualTo(10);

        var again = post(Role.RESPONDER, "/api/actions/apply", "{\"planId\": \"" + planId + "\", \"confirm\": true}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("error").asString()).contains("applied already");
        assertThat(post(Role.RESPONDER, "/api/actions/apply", "{\"planId\": \"nope\", \"confirm\": true}").status()).isEqualTo(404);

        JsonNode audit = api.get("/api/audit?limit=5", TOKEN.get(Role.VIEWER)).json().path("entries");
        List<String> rows = new ArrayList<>();
        audit.forEach(e -> rows.add(e.path("actor").asString() + " " + e.path("action").asString() + " " + e.path("result").asString()));
        assertThat(rows).contains("responder-1 scale-provisioners applied", "responder-1 scale-provisioners verified");
        assertThat(audit.toString()).contains("\"undo\":{");
        assertThat(api.get("/api/incidents/" + incident, TOKEN.get(Role.VIEWER)).json().path("timeline").toString())
                .contains("pitcrew fix scale-provisioners applied (audit #").contains("responder-1");
    }

    private static int replicas() {
        String context = config.region("us-east-2").orElseThrow().context();
        Config c = Config.fromKubeconfig(context, lab.kubeconfig().toFile());
        try (KubernetesClient k = new KubernetesClientBuilder().withConfig(c).build()) {
            return k.apps().deployments().inNamespace("coder").withName("coder-provisioner-default").get().getSpec().getReplicas();
        }
    }
}
