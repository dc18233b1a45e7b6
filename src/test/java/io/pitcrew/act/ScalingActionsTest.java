package io.pitcrew.act;

import io.pitcrew.store.AuditEntry;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** scale-provisioners and scale-litellm against the lab's API servers: effect, dry run, bounds, idempotence, revert. */
class ScalingActionsTest extends SharedLab {

    private int replicas(String namespace, String name) {
        return fix.deployment("us-east-2", namespace, name).getSpec().getReplicas();
    }

    @Test
    void dryRunShowsThePlanAndChangesNothing() {
        var before = fix.resourceVersions("us-east-2");
        int rows = fix.audit().size();

        Outcome o = fix.fix("scale-provisioners", Map.of(), false);

        assertThat(o.result()).isEqualTo(Outcome.Result.PLANNED);
        assertThat(o.plan().changes()).extracting(c -> c.object() + " " + c.before() + "→" + c.after()).containsExactly(
                "deployment coder/coder-provisioner-default 6→10",
                "deployment coder/coder-provisioner-experimental 2→4",
                "deployment coder/coder-provisioner-demo 2→4");
        assertThat(fix.resourceVersions("us-east-2")).isEqualTo(before);
        assertThat(fix.audit()).hasSize(rows);
        assertThat(PlanReport.table(Actions.byId("scale-provisioners").orElseThrow(), o))
                .contains("spec.replicas  6 → 10").contains("dry run: nothing changed");
    }

    @Test
    void scaleProvisionersAppliesVerifiesRecordsAndReverts() {
        Outcome o = fix.fix("scale-provisioners", Map.of(), true);

        assertThat(o.result()).as(o.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(replicas("coder", "coder-provisioner-default")).isEqualTo(10);
        assertThat(replicas("coder", "coder-provisioner-demo")).isEqualTo(4);
        assertThat(fix.pods("us-east-2", "coder", "coder.com/provisioner-pool", "default")).hasSize(10);
        AuditEntry applied = fix.store.audit().find(o.auditId().getAsLong()).orElseThrow();
        assertThat(applied.result()).isEqualTo("applied");
        assertThat(applied.actor()).isEqualTo("tester");
        assertThat(applied.changes()).contains("coder-provisioner-default").contains("\"before\":\"6\"").contains("\"after\":\"10\"");
        assertThat(applied.inverse()).hasValueSatisfying(i -> assertThat(i).contains("\"replicas\":\"6\"").contains("\"others\":\"2\""));
        assertThat(fix.audit().getLast().result()).isEqualTo("verified");
        assertThat(fix.audit().getLast().follows()).hasValue(applied.id());

        // idempotent: the same plan again is in effect and changes nothing
        var rv = fix.resourceVersions("us-east-2");
        Outcome again = fix.fix("scale-provisioners", Map.of(), true);
        assertThat(again.result()).isEqualTo(Outcome.Result.IN_EFFECT);
        assertThat(fix.resourceVersions("us-east-2")).isEqualTo(rv);
        assertThat(fix.audit().getLast().result()).isEqualTo("in-effect");

        Outcome reverted = fix.revert(applied.id());
        assertThat(reverted.result()).as(reverted.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(replicas("coder", "coder-provisioner-default")).isEqualTo(6);
        assertThat(replicas("coder", "coder-provisioner-experimental")).isEqualTo(2);
        assertThat(fix.pods("us-east-2", "coder", "coder.com/provisioner-pool", "default")).hasSize(6);
        assertThat(fix.store.audit().revertsOf(applied.id())).extracting(AuditEntry::result).containsExactly("applied");
        // reverting twice: the revert is in effect already
        assertThat(Revert.of(fix.store.audit(), applied.id())).isEmpty();
    }

    @Test
    void boundsRefuseWithTheReasonAndTheRefusalIsRecorded() {
        var before = fix.resourceVersions("us-east-2");

        Outcome o = fix.fix("scale-provisioners", Map.of("replicas", "13"), true);

        assertThat(o.result()).isEqualTo(Outcome.Result.REFUSED);
        assertThat(o.detail()).isEqualTo("coder-provisioner-default to 13 replicas is more than bounds.provisionerReplicas (12) in pitcrew.yaml");
        assertThat(fix.resourceVersions("us-east-2")).isEqualTo(before);
        AuditEntry row = fix.audit().getLast();
        assertThat(row.result()).isEqualTo("refused");
        assertThat(row.parameters()).isEqualTo("{\"replicas\":\"13\"}");

        Outcome litellm = fix.fix("scale-litellm", Map.of("replicas", "9"), false);
        assertThat(litellm.result()).isEqualTo(Outcome.Result.REFUSED);
        assertThat(litellm.detail()).contains("bounds.litellmReplicas (8)");
        assertThat(fix.audit().getLast().action()).isEqualTo("scale-litellm");
    }

    @Test
    void scaleLitellmToSixAndBack() {
        Outcome o = fix.fix("scale-litellm", Map.of(), true);

        assertThat(o.result()).as(o.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(replicas("litellm", "litellm")).isEqualTo(6);
        assertThat(fix.pods("us-east-2", "litellm", "app", "litellm")).hasSize(6);

        assertThat(fix.revert(o.auditId().getAsLong()).result()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(replicas("litellm", "litellm")).isEqualTo(4);
    }

    @Test
    void badInputIsTheUsersToFix() {
        Assertions.assertThatThrownBy(() -> fix.fix("scale-litellm", Map.of("replicas", "six"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--replicas must be a whole number, got 'six'");
        Assertions.assertThatThrownBy(() -> fix.fix("scale-litellm", Map.of("replicas", "0"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--replicas must be at least 1, got 0");
    }
}
