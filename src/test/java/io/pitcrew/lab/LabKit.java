package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.pitcrew.cli.Pitcrew;
import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.server.Serve;
import io.pitcrew.server.ServeSettings;
import io.pitcrew.server.access.Tokens;
import io.pitcrew.store.Store;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one kit the tests of every package drive a lab with: its clients as pitcrew builds them, pitcrew's command line
 * pointed at it, doctor's findings on it, serve watching it, and every secret it holds (for the canaries).
 */
public final class LabKit {

    public static final ResourceDefinitionContext NODEPOOLS = karpenter("nodepools", "NodePool");
    public static final ResourceDefinitionContext NODECLAIMS = karpenter("nodeclaims", "NodeClaim");

    /** A secret nested in a JSON value (a docker config, a GCP key file). */
    private static final Pattern NESTED_SECRET = Pattern.compile("\"(password|auth|private_key|token|[a-z_]*secret[a-z_]*)\"\\s*:\\s*\"([^\"]+)\"");

    private LabKit() {}

    /** Where a test's lab lives under its temporary directory. */
    public static Path dir(Path tmp) {
        return tmp.resolve("lab");
    }

    /** A client of one region, built the way pitcrew builds them: from the kubeconfig the lab wrote, short timeouts. */
    public static KubernetesClient client(Lab lab, String context) {
        try {
            String kubeconfig = Files.readString(lab.kubeconfig());
            Config config = Config.fromKubeconfig(context, kubeconfig, lab.kubeconfig().toString());
            config.setRequestTimeout(5_000);
            config.setConnectionTimeout(2_000);
            config.setRequestRetryBackoffLimit(0);
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lab's pitcrew.yaml, loaded. */
    public static PitcrewConfig config(Lab lab) {
        return ConfigLoader.load(lab.config());
    }

    /** A pitcrew command line pointed at the lab ({@code --kubeconfig}, {@code --config}), and at a store when {@code db} is given. */
    public static String[] args(Lab lab, Path db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kubeconfig", lab.kubeconfig().toString(), "--config", lab.config().toString()));
        if (db != null) all.addAll(List.of("--db", db.toString()));
        return all.toArray(String[]::new);
    }

    /** {@code pitcrew doctor -o FORMAT} against the lab: its stdout and stderr together. */
    public static String doctor(Lab lab, String format) {
        String[] said = pitcrew(args(lab, null, "doctor", "-o", format));
        return said[0] + "\n" + said[1];
    }

    /** What doctor finds on the lab now, as {@code incidentType/cause}. */
    public static List<String> findings(Lab lab) {
        JsonNode report = JsonMapper.builder().build().readTree(pitcrew(args(lab, null, "doctor", "-o", "json"))[0]);
        List<String> found = new ArrayList<>();
        report.get("findings").forEach(f -> found.add(f.get("incidentType").asString() + "/" + f.get("cause").asString()));
        return found;
    }

    /** {@code pitcrew serve} on the lab, its API up, watching nothing yet ({@link Serve#watch()} starts). */
    public static Serve serve(Lab lab, ServeSettings settings, Tokens tokens, Store store) {
        return serve(lab, config(lab), settings, tokens, store);
    }

    /** As above, with the lab's pitcrew.yaml changed (probes off, another runbook). */
    public static Serve serve(Lab lab, PitcrewConfig config, ServeSettings settings, Tokens tokens, Store store) {
        return Serve.open(config, Kubeconfig.read(lab.kubeconfig()), Doctor.loadRunbook(Optional.empty()), settings, tokens, store);
    }

    /** Every value of every Secret of the lab's regions (and the secrets nested in JSON values), 12 characters or longer. */
    public static Set<String> secretValues(Lab lab) {
        Set<String> values = new LinkedHashSet<>();
        for (String region : lab.ports().keySet()) {
            try (KubernetesClient client = client(lab, region)) {
                for (Secret s : client.secrets().inAnyNamespace().list().getItems()) {
                    if (s.getData() != null) {
                        for (String v : s.getData().values()) values.add(new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
                    }
                    if (s.getStringData() != null) values.addAll(s.getStringData().values());
                }
            }
        }
        Set<String> nested = new LinkedHashSet<>();
        for (String v : values) {
            Matcher m = NESTED_SECRET.matcher(v);
            while (m.find()) nested.add(m.group(2));
        }
        values.addAll(nested);
        values.removeIf(v -> v.length() < 12);
        return values;
    }

    /** pitcrew's command line run in this process: what it printed, stdout then stderr. */
    private static String[] pitcrew(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Pitcrew.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.execute(args);
        return new String[] {out.toString(), err.toString()};
    }

    private static ResourceDefinitionContext karpenter(String plural, String kind) {
        return new ResourceDefinitionContext.Builder().withGroup("karpenter.sh").withVersion("v1")
                .withPlural(plural).withKind(kind).withNamespaced(false).build();
    }
}
