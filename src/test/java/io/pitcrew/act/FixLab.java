package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.lab.Lab;
import io.pitcrew.store.AuditEntry;
import io.pitcrew.store.Store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/** A running lab, a store and the safe path over them: what the action tests drive. */
final class FixLab implements AutoCloseable {

    final Lab lab;
    final PitcrewConfig config;
    final Store store;
    final List<String> progress = new ArrayList<>();
    private final Platform reader;

    FixLab(Path tmp, String scenario) {
        lab = Lab.start(tmp.resolve("lab"), scenario, 4);
        config = ConfigLoader.load(lab.config());
        store = Store.open(tmp.resolve("pitcrew.db"));
        reader = platform();
    }

    /** A fresh platform: a new fix, with its own start time. */
    Platform platform() {
        return Platform.connect(config, Kubeconfig.read(lab.kubeconfig()));
    }

    Outcome fix(String action, Map<String, String> parameters, boolean apply) {
        return fix(action, parameters, apply, OptionalLong.empty());
    }

    Outcome fix(String action, Map<String, String> parameters, boolean apply, OptionalLong reverts) {
        return fix(config, action, parameters, apply, reverts);
    }

    /** A fix under another pitcrew.yaml than the lab's (another mirror, other bounds). */
    Outcome fix(PitcrewConfig config, String action, Map<String, String> parameters, boolean apply, OptionalLong reverts) {
        try (Platform p = Platform.connect(config, Kubeconfig.read(lab.kubeconfig()))) {
            return new SafePath(p, store.audit(), "tester", Duration.ofSeconds(20), progress::add, Clock.systemUTC())
                    .run(Actions.byId(action).orElseThrow(), new Parameters(parameters), apply, reverts);
        }
    }

    Outcome revert(long id) {
        Inverse inverse = Revert.of(store.audit(), id).orElseThrow();
        return fix(inverse.action(), inverse.parameters(), true, OptionalLong.of(id));
    }

    KubernetesClient client(String region) {
        return reader.client(reader.region(region));
    }

    Deployment deployment(String region, String namespace, String name) {
        return client(region).apps().deployments().inNamespace(namespace).withName(name).get();
    }

    List<Pod> pods(String region, String namespace, String labelKey, String labelValue) {
        return client(region).pods().inNamespace(namespace).withLabel(labelKey, labelValue).list().getItems();
    }

    /** Every deployment's resourceVersion in a region: a dry run must leave them all as they were. */
    Map<String, String> resourceVersions(String region) {
        Map<String, String> out = new TreeMap<>();
        client(region).apps().deployments().inAnyNamespace().list().getItems().forEach(d ->
                out.put(d.getMetadata().getNamespace() + "/" + d.getMetadata().getName(), d.getMetadata().getResourceVersion()));
        return out;
    }

    List<AuditEntry> audit() {
        return store.audit().latest(1000).reversed();
    }

    @Override
    public void close() {
        reader.close();
        store.close();
        lab.close();
    }
}
