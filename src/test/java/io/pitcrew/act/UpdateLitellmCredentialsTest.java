package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** update-litellm-credentials: new values in, LiteLLM restarted, and no value anywhere pitcrew writes or prints. */
class UpdateLitellmCredentialsTest extends SharedLab {

    static final String NEW_SECRET = "new-aws-secret-value-9f8e7d";

    private Outcome update(Map<String, String> values, boolean apply) {
        try (Platform p = fix.platform()) {
            return new SafePath(p, fix.store.audit(), "tester", Duration.ofSeconds(20), fix.progress::add, Clock.systemUTC())
                    .run(Actions.byId("update-litellm-credentials").orElseThrow(),
                            new Parameters(Map.of("from-stdin", "true"), new Parameters.SecretValues(values)), apply, OptionalLong.empty());
        }
    }

    @Test
    void replacesTheGivenKeysKeepsTheOthersAndRestartsLitellm() {
        var litellmPods = fix.pods("us-east-2", "litellm", "app", "litellm").stream().map(p -> p.getMetadata().getName()).toList();
        Map<String, String> values = Map.of("AWS_ACCESS_KEY_ID", "AKIANEWKEY0000000002", "AWS_SECRET_ACCESS_KEY", NEW_SECRET);

        Outcome plan = update(values, false);
        assertThat(plan.plan().changes()).extracting(c -> c.field() + " " + c.before() + "→" + c.after()).containsExactly(
                "data[AWS_ACCESS_KEY_ID] (set)→(new value)", "data[AWS_SECRET_ACCESS_KEY] (set)→(new value)",
                "metadata.annotations[pitcrew.io/expires-at] " + plan.plan().changes().get(2).before() + "→(removed)",
                "spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt] (none)→" + plan.plan().changes().get(3).after());

        Outcome o = update(values, true);

        assertThat(o.result()).as(o.detail()).isEqualTo(Outcome.Result.APPLIED);
        Secret s = fix.client("us-east-2").secrets().inNamespace("litellm").withName("litellm-aws-credentials").get();
        assertThat(decode(s, "AWS_SECRET_ACCESS_KEY")).isEqualTo(NEW_SECRET);
        assertThat(decode(s, "AWS_REGION_NAME")).as("keys not given are kept").isEqualTo("us-east-2");
        assertThat(fix.pods("us-east-2", "litellm", "app", "litellm")).extracting(p -> p.getMetadata().getName())
                .doesNotContainAnyElementsOf(litellmPods);
        String everything = fix.audit() + PlanReport.json(o) + PlanReport.table(Actions.byId("update-litellm-credentials").orElseThrow(), o)
                + fix.progress + o.plan().parameters();
        assertThat(everything).doesNotContain(NEW_SECRET).doesNotContain("AKIANEWKEY").doesNotContain("lab-canary");

        assertThat(update(values, true).result()).as("the same values again").isEqualTo(Outcome.Result.IN_EFFECT);
    }

    @Test
    void withoutValuesItSaysHowToGiveThem() {
        assertThatThrownBy(() -> update(Map.of(), false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--from-stdin").hasMessageContaining("--from-env");
    }

    private static String decode(Secret s, String key) {
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }
}
