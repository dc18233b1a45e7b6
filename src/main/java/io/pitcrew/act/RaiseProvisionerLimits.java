package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.pitcrew.config.Bounds;
import io.pitcrew.config.Names;
import io.pitcrew.config.Region;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runbook §6: "Temporarily increase resource limits from 500m CPU / 512 MB to 1 CPU / 1 GB". Sets the limits of
 * every container of every provisioner deployment; the Deployment then rolls its pods. At most
 * {@code bounds.provisionerCpu} / {@code bounds.provisionerMemory}. (Helm or Terraform will set them back on their
 * next apply: the runbook's permanent fix belongs there.)
 */
final class RaiseProvisionerLimits implements Action {

    @Override
    public String id() { return "raise-provisioner-limits"; }

    @Override
    public String summary() {
        return "Raise the provisioners' resource limits from 500m CPU / 512Mi to 1 CPU / 1Gi";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("cpu", "QUANTITY", "CPU limit (default 1)"),
                new Parameter("memory", "QUANTITY", "memory limit (default 1Gi)"));
    }

    @Override
    public Plan plan(Platform platform, Parameters p) {
        String cpu = quantity(p, "cpu", "1");
        String memory = quantity(p, "memory", "1Gi");
        Names names = platform.config().names();
        Bounds bounds = platform.config().bounds();
        Region cp = platform.controlPlane();
        List<Change> changes = new ArrayList<>();
        List<Edit> edits = new ArrayList<>();
        Set<String> cpuBefore = new HashSet<>();
        Set<String> memoryBefore = new HashSet<>();
        for (Names.Provisioner prov : names.provisioners()) {
            Optional<Deployment> found = platform.deployment(cp, names.coderNamespace(), prov.deployment());
            if (found.isEmpty()) {
                return Plan.missing(id(), p, List.of(), cp, names.coderNamespace(), prov.deployment(), "provisioners");
            }
            Deployment d = found.get();
            DeploymentBuilder after = new DeploymentBuilder(d);
            boolean changed = false;
            List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
            for (int i = 0; i < containers.size(); i++) {
                Container c = containers.get(i);
                Map<String, Quantity> limits = c.getResources() == null || c.getResources().getLimits() == null ? Map.of()
                        : c.getResources().getLimits();
                String field = "spec.template.spec.containers[" + c.getName() + "].resources.limits.";
                String oldCpu = text(limits.get("cpu"));
                String oldMemory = text(limits.get("memory"));
                cpuBefore.add(oldCpu);
                memoryBefore.add(oldMemory);
                changes.add(new Change(cp.name(), Edit.describe(d), field + "cpu", oldCpu, cpu));
                changes.add(new Change(cp.name(), Edit.describe(d), field + "memory", oldMemory, memory));
                if (same(oldCpu, cpu) && same(oldMemory, memory)) continue;
                changed = true;
                Map<String, Quantity> newLimits = new LinkedHashMap<>(limits);
                newLimits.put("cpu", new Quantity(cpu));
                newLimits.put("memory", new Quantity(memory));
                int index = i;
                after.editSpec().editTemplate().editSpec().editContainer(index).editOrNewResources()
                        .withLimits(newLimits).endResources().endContainer().endSpec().endTemplate().endSpec();
            }
            if (changed) edits.add(new Edit.Update(cp.name(), d, after.build()));
        }
        if (Quantity.getAmountInBytes(new Quantity(cpu)).compareTo(Quantity.getAmountInBytes(new Quantity(bounds.provisionerCpu()))) > 0) {
            return Plan.refused(id(), p, changes, "a CPU limit of " + cpu + " is more than bounds.provisionerCpu ("
                    + bounds.provisionerCpu() + ") in pitcrew.yaml");
        }
        if (Quantity.getAmountInBytes(new Quantity(memory)).compareTo(Quantity.getAmountInBytes(new Quantity(bounds.provisionerMemory()))) > 0) {
            return Plan.refused(id(), p, changes, "a memory limit of " + memory + " is more than bounds.provisionerMemory ("
                    + bounds.provisionerMemory() + ") in pitcrew.yaml");
        }
        Plan plan = Plan.toApply(id(), p, changes, edits);
        if (cpuBefore.size() == 1 && memoryBefore.size() == 1 && !cpuBefore.contains("(none)") && !memoryBefore.contains("(none)")) {
            plan = plan.withInverse(new Inverse(id(), Map.of("cpu", cpuBefore.iterator().next(),
                    "memory", memoryBefore.iterator().next())));
        }
        return plan;
    }

    private static String quantity(Parameters p, String name, String dflt) {
        String v = p.text(name).orElse(dflt).strip();
        try {
            if (Quantity.parse(v).getNumericalAmount().signum() > 0) return v;
        } catch (IllegalArgumentException | ArithmeticException e) {
            // said below
        }
        throw new IllegalArgumentException("--" + name + " '" + v + "' is not a positive Kubernetes quantity, like "
                + ("cpu".equals(name) ? "1 or 1500m" : "1Gi or 1536Mi"));
    }

    private static String text(Quantity q) {
        return q == null ? "(none)" : q.toString();
    }

    /** 1Gi and 1024Mi are the same limit: the plan must not call that a change. */
    private static boolean same(String before, String after) {
        if (before.equals("(none)")) return false;
        return Quantity.getAmountInBytes(new Quantity(before)).compareTo(Quantity.getAmountInBytes(new Quantity(after))) == 0;
    }
}
