package io.pitcrew.server.api;

import io.pitcrew.act.Actions;
import io.pitcrew.act.Parameters;
import io.pitcrew.act.Plan;
import io.pitcrew.server.http.ApiError;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A plan made over the API is applied at most once and only within five minutes. */
class PlannedActionsTest {

    Instant now = Instant.parse("2026-11-25T10:00:00Z");
    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };
    final PlannedActions plans = new PlannedActions(clock);
    final Plan plan = Plan.toApply("scale-provisioners", Parameters.none(), List.of(), List.of());

    private PlannedActions.Planned add() {
        return plans.add(Actions.byId("scale-provisioners").orElseThrow(), plan, Optional.of("INC-1"), Optional.empty(), "bob");
    }

    @Test
    void onceAndWithinFiveMinutes() {
        PlannedActions.Planned p = add();
        assertThat(p.id()).hasSizeGreaterThan(20);
        assertThat(plans.take(p.id()).plan()).isSameAs(plan);
        assertThatThrownBy(() -> plans.take(p.id())).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.getMessage()).contains("applied already");
        });

        PlannedActions.Planned late = add();
        now = now.plus(PlannedActions.LIFETIME);
        assertThatThrownBy(() -> plans.take(late.id())).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.getMessage()).contains("expired");
        });
        assertThatThrownBy(() -> plans.take("made-up")).isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(404));
    }
}
