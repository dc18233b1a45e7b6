package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pitcrew.config.Region;
import io.pitcrew.observe.PullSecrets;
import io.pitcrew.observe.registry.EcrPassword;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runbook §5 "Re-create the ECR pull secret": every {@code kubernetes.io/dockerconfigjson} secret naming an ECR
 * registry gets a fresh token (ECR tokens live 12 h) from ECR's GetAuthorizationToken, or from the mirror's password
 * when it is the mirror's registry. The token goes only into the secret: plans, output and the audit log say
 * "fresh token", never its value. A secret written within the last {@link #FRESH} holds a token good for hours yet:
 * it is in effect, which also makes two refreshes at once one change.
 */
final class RefreshPullSecret implements Action {

    /** Built when a pull secret is first read or written, not when the actions are listed (--help lists them). */
    private static final class Json {
        static final JsonMapper MAPPER = JsonMapper.builder().build();
    }
    private static final String KEY = ".dockerconfigjson";
    /** An ECR token lives 12 h: one written this recently needs no refresh. */
    static final Duration FRESH = Duration.ofHours(1);

    @Override
    public String id() { return "refresh-pull-secret"; }

    @Override
    public String summary() { return "Re-create the ECR pull secrets with a fresh token (ECR tokens expire after 12 h)"; }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("region", "REGION", "only this region (default: every region)"),
                new Parameter("namespace", "NS", "only this namespace (default: any)"),
                new Parameter("secret", "NAME", "only the secret of this name"));
    }

    @Override
    public Plan plan(Platform platform, Parameters p) {
        List<Region> regions = p.text("region").map(r -> List.of(platform.region(r))).orElse(platform.config().regions());
        List<Change> changes = new ArrayList<>();
        List<Edit> edits = new ArrayList<>();
        Map<String, String> tokens = new HashMap<>();
        for (Region r : regions) {
            String ns = p.text("namespace").orElse(null);
            List<Secret> secrets = platform.call(r, "list", "secrets", ns == null ? "(all)" : ns, () -> (ns == null
                    ? platform.client(r).secrets().inAnyNamespace() : platform.client(r).secrets().inNamespace(ns)).list().getItems());
            for (Secret s : secrets) {
                if (!"kubernetes.io/dockerconfigjson".equals(s.getType()) || s.getData() == null || s.getData().get(KEY) == null) continue;
                if (p.text("secret").isPresent() && !p.text("secret").get().equals(s.getMetadata().getName())) continue;
                ObjectNode config = config(s);
                if (config == null) continue;
                List<String> hosts = new ArrayList<>();
                config.path("auths").propertyNames().forEach(h -> { if (h.contains(".dkr.ecr.") || isMirror(platform, h)) hosts.add(h); });
                if (hosts.isEmpty()) continue;
                Instant written = PullSecrets.writtenAt(s);
                boolean fresh = written != null && written.isAfter(platform.startedAt().minus(FRESH));
                String before = written == null ? "(written: unknown)" : "written " + ago(written, Instant.now()) + " ago";
                changes.add(new Change(r.name(), Edit.describe(s), "data[" + KEY + "] auths[" + String.join(", ", hosts) + "]",
                        before, fresh ? before : "fresh token"));
                if (fresh) continue;
                for (String host : hosts) {
                    String token = tokens.computeIfAbsent(host, h -> switch (platform.registries().token(h)) {
                        case EcrPassword.Granted granted -> granted.password();
                        case EcrPassword.Unavailable none -> throw new ActionFailed("no fresh token for " + h + ": " + none.reason()
                                + " (a token comes from AWS credentials that may call ecr:GetAuthorizationToken, or for the"
                                + " mirror's registry from mirror.passwordFile / passwordEnv)", null);
                    });
                    ObjectNode auth = ((ObjectNode) config.path("auths")).putObject(host);
                    auth.put("username", "AWS");
                    auth.put("password", token);
                    auth.put("auth", Base64.getEncoder().encodeToString(("AWS:" + token).getBytes(StandardCharsets.UTF_8)));
                }
                Secret after = new SecretBuilder(s).addToData(KEY, Base64.getEncoder().encodeToString(
                        Json.MAPPER.writeValueAsString(config).getBytes(StandardCharsets.UTF_8))).build();
                edits.add(new Edit.Update(r.name(), s, after));
            }
        }
        if (changes.isEmpty()) {
            return Plan.refused(id(), p, List.of(), "no ECR pull secret (kubernetes.io/dockerconfigjson naming a *.dkr.ecr.* registry) in "
                    + String.join(", ", regions.stream().map(Region::name).toList()) + p.text("namespace").map(n -> " namespace " + n).orElse(""));
        }
        return Plan.toApply(id(), p, changes, edits);
    }

    private static boolean isMirror(Platform platform, String host) {
        return platform.registries().mirror().map(m -> m.image().startsWith(host + "/")).orElse(false);
    }

    /** The decoded docker config, or null for a malformed one (never echoed: it holds credentials). */
    private static ObjectNode config(Secret s) {
        try {
            JsonNode n = Json.MAPPER.readTree(new String(Base64.getDecoder().decode(s.getData().get(KEY)), StandardCharsets.UTF_8));
            return n instanceof ObjectNode o && o.path("auths").isObject() ? o : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String ago(Instant t, Instant now) {
        Duration d = Duration.between(t, now);
        return d.toHours() > 0 ? d.toHours() + "h" + String.format("%02dm", d.toMinutesPart()) : d.toMinutes() + "m";
    }
}
