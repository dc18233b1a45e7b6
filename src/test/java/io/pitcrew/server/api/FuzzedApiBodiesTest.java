package io.pitcrew.server.api;

import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.Names;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.config.Thresholds;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.server.ApiClient;
import io.pitcrew.server.QuickServe;
import io.pitcrew.server.Serve;
import io.pitcrew.store.Store;
import io.pitcrew.yaml.Mutated;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every state-changing route of serve's API given a body made from a valid one by hostile edits (or none, or noise):
 * it is done, or refused with a 4xx whose JSON says what is wrong; never a 500, never a stack trace. A plan may also be
 * a 502 (no cluster to ask here), which names the action.
 */
class FuzzedApiBodiesTest {

    static final String TOKEN = "fuzzed-bodies-token-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Route and a valid body for it; INC-1 exists. */
    static final Map<String, String> ROUTES = Map.ofEntries(
            Map.entry("/api/incidents", "{\"title\": \"LiteLLM 401s\", \"severity\": \"P2\"}"),
            Map.entry("/api/incidents/INC-1/notes", "{\"text\": \"scaled provisioners to 10\"}"),
            Map.entry("/api/incidents/INC-1/ack", "{}"),
            Map.entry("/api/incidents/INC-1/checklist", "{\"key\": \"participants-notified\", \"checked\": true}"),
            Map.entry("/api/incidents/INC-1/updates", "{\"message\": \"We are on it\", \"status\": \"identified\"}"),
            Map.entry("/api/incidents/INC-1/link", "{\"finding\": \"litellm-auth/key-rotation\"}"),
            Map.entry("/api/incidents/INC-1/severity", "{\"severity\": \"P1\", \"reason\": \"all regions\"}"),
            Map.entry("/api/incidents/INC-1/roles", "{\"role\": \"commander\", \"name\": \"alice\"}"),
            Map.entry("/api/incidents/INC-1/resolve", "{\"rootCause\": \"key rotation mid-session\"}"),
            Map.entry("/api/actions/plan", "{\"action\": \"scale-provisioners\", \"parameters\": {\"replicas\": 10}}"),
            Map.entry("/api/actions/apply", "{\"planId\": \"p-1\", \"confirm\": true}"));

    static Path dir;
    static Store store;
    static Serve serve;
    static ApiClient api;

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("fuzzed-api");
        PitcrewConfig config = new PitcrewConfig(List.of(new Region("us-east-2", "us-east-2", Region.Role.CONTROL_PLANE, "a.example")),
                Names.defaults(), Thresholds.defaults(), Optional.empty());
        store = Store.open(dir.resolve("pitcrew.db"));
        serve = Serve.open(config, Kubeconfig.none(), Doctor.loadRunbook(Optional.empty()), QuickServe.settings(), TOKEN, store);
        api = new ApiClient(serve.port());
        assertThat(api.post("/api/incidents", TOKEN, ROUTES.get("/api/incidents")).status()).isEqualTo(201);
    }

    @AfterContainer
    static void stop() {
        if (serve != null) serve.close();
        if (store != null) store.close();
    }

    @Provide
    Arbitrary<List<String>> requests() {
        return Arbitraries.of(ROUTES.keySet().stream().sorted().toList()).flatMap(route -> Arbitraries.oneOf(
                Mutated.json(ROUTES.get(route)), Arbitraries.strings().ofMaxLength(200), Arbitraries.of("", "null", "[]", "\"x\"", "{"))
                .map(body -> List.of(route, body)));
    }

    @Property(tries = 500)
    void aMutatedBodyIsDoneOrRefusedWithA4xxSayingWhat(@ForAll("requests") List<String> request) {
        String route = request.get(0);
        ApiClient.Answer a = api.post(route, TOKEN, request.get(1));
        boolean planning = route.startsWith("/api/actions/");
        assertThat(a.status()).as("%s %s -> %s", route, request.get(1), a.body())
                .satisfiesAnyOf(s -> assertThat(s).isBetween(200, 499), s -> assertThat(planning && s == 502).isTrue());
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("\tat ");
        if (a.status() >= 400) {
            JsonNode error = JSON.readTree(a.body()).path("error");
            assertThat(error.isString() && !error.stringValue().isBlank()).as(a.body()).isTrue();
        }
    }
}
