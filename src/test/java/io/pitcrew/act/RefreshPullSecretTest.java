package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.Secret;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Probes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** refresh-pull-secret on the lab's pull-auth-expired scenario: a fresh token in, no token anywhere else. */
class RefreshPullSecretTest {

    static final String ECR = "614871946825.dkr.ecr.us-east-2.amazonaws.com";
    static final String TOKEN = "fresh-ecr-token-4242";

    @Test
    void writesAFreshTokenAndSaysSoWithoutTheToken(@TempDir Path tmp) throws Exception {
        try (FixLab fix = new FixLab(tmp, "pull-auth-expired")) {
            // The token comes from ECR's GetAuthorizationToken in real life; here from the mirror's password file.
            Path password = tmp.resolve("ecr-token");
            Files.writeString(password, TOKEN);
            PitcrewConfig c = fix.config;
            PitcrewConfig config = c.withProbes(new Probes(Optional.empty(), Optional.of(new Probes.Mirror("ghcr.io/coder/coder-preview:latest",
                    ECR + "/coder-preview:latest", "AWS", Optional.empty(), Optional.of(password)))));

            Outcome plan = fix.fix(config, "refresh-pull-secret", Map.of("region", "us-east-2"), false, OptionalLong.empty());
            assertThat(plan.result()).as(plan.detail()).isEqualTo(Outcome.Result.PLANNED);
            assertThat(plan.plan().changes()).allSatisfy(ch -> assertThat(ch.after()).isEqualTo("fresh token"));
            assertThat(plan.plan().changes()).filteredOn(ch -> ch.object().equals("secret coder-workspaces/ecr-pull-secret")).singleElement().satisfies(ch -> {
                assertThat(ch.before()).startsWith("written 14h");
                assertThat(ch.after()).isEqualTo("fresh token");
            });

            Outcome applied = fix.fix(config, "refresh-pull-secret", Map.of("region", "us-east-2"), true, OptionalLong.empty());
            assertThat(applied.result()).as(applied.detail()).isEqualTo(Outcome.Result.APPLIED);
            Secret s = fix.client("us-east-2").secrets().inNamespace("coder-workspaces").withName("ecr-pull-secret").get();
            String config2 = new String(Base64.getDecoder().decode(s.getData().get(".dockerconfigjson")), StandardCharsets.UTF_8);
            assertThat(config2).contains("\"password\":\"" + TOKEN + "\"").doesNotContain("lab-canary");

            assertThat(fix.audit()).allSatisfy(row -> assertThat(row.changes() + row.detail() + row.parameters())
                    .doesNotContain(TOKEN).doesNotContain("lab-canary"));
            assertThat(PlanReport.table(Actions.byId("refresh-pull-secret").orElseThrow(), applied) + PlanReport.json(applied))
                    .doesNotContain(TOKEN);

            // written just now (the API server records it): a second refresh is in effect
            Outcome again = fix.fix(config, "refresh-pull-secret", Map.of("region", "us-east-2"), true, OptionalLong.empty());
            assertThat(again.result()).as(again.plan().changes().toString()).isEqualTo(Outcome.Result.IN_EFFECT);
        }
    }

    @Test
    void withoutATokenSourceItSaysWhereOneComesFrom(@TempDir Path tmp) {
        try (FixLab fix = new FixLab(tmp, "pull-auth-expired")) {
            Outcome o = fix.fix("refresh-pull-secret", Map.of("region", "us-east-2"), true);
            assertThat(o.result()).isEqualTo(Outcome.Result.FAILED);
            assertThat(o.detail()).contains("no fresh token for " + ECR).contains("ecr:GetAuthorizationToken");
            // what the AWS credential chain tried and how to sign in, not only that a token is missing
            assertThat(o.detail()).contains("no AWS credentials: tried environment").contains("aws sso login");
        }
    }
}
