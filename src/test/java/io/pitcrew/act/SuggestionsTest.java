package io.pitcrew.act;

import io.pitcrew.doctor.Doctor;
import io.pitcrew.runbook.Cause;
import io.pitcrew.runbook.Runbook;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Suggestions name real findings and real actions: neither the runbook nor the actions can drift from them. */
class SuggestionsTest {

    @Test
    void everySuggestionIsARunbookCauseWithExistingActions() {
        Runbook runbook = Doctor.loadRunbook(Optional.empty());
        Suggestions.all().forEach((finding, actions) -> {
            String[] typeAndCause = finding.split("/");
            assertThat(runbook.type(typeAndCause[0])).as(finding).hasValueSatisfying(t ->
                    assertThat(t.causes()).extracting(Cause::id).as(finding).contains(typeAndCause[1]));
            actions.forEach(a -> assertThat(Actions.byId(a)).as(finding + " → " + a).isPresent());
        });
    }

    @Test
    void everyActionIsSuggestedBySomeFinding() {
        var suggested = Suggestions.all().values().stream().flatMap(List::stream).toList();
        assertThat(suggested).containsAll(Actions.ids());
    }
}
