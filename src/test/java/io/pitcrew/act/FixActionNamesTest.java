package io.pitcrew.act;

import io.pitcrew.doctor.Doctor;
import io.pitcrew.runbook.Cause;
import io.pitcrew.runbook.Fix;
import io.pitcrew.runbook.FixAction;
import io.pitcrew.runbook.IncidentType;
import io.pitcrew.runbook.Runbook;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runbook validates a cause's {@code fix:} against {@link FixAction#ALL}, the actions by name: they must be
 * {@link Actions#ALL} exactly, with the same parameters, or the runbook would accept what fix cannot run.
 */
class FixActionNamesTest {

    @Test
    void theRunbookKnowsEveryActionByItsIdAndParameters() {
        List<FixAction> actions = Actions.ALL.stream().map(a -> new FixAction(a.id(),
                a.parameters().stream().map(Action.Parameter::name).toList())).toList();
        assertThat(FixAction.ALL).isEqualTo(actions);
    }

    @Test
    void everyActionIsTheFixOfSomeBuiltInCause() {
        Runbook runbook = Doctor.loadRunbook(Optional.empty());
        List<String> named = runbook.types().stream().map(IncidentType::causes).flatMap(List::stream)
                .map(Cause::fix).flatMap(List::stream).map(Fix::action).distinct().toList();
        assertThat(named).containsExactlyInAnyOrderElementsOf(Actions.ids());
    }
}
