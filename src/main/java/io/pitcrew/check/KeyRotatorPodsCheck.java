package io.pitcrew.check;

import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.util.EnumSet;
import java.util.List;

/**
 * LiteLLM's key rotator with no replica available, crash-looping or not Ready: virtual keys are not rotated while it is down, and each start may
 * rotate them again. Paused to zero (the runbook's own workaround, or {@code pitcrew fix pause-key-rotation}) it is not
 * down: {@code key-rotation-pause} judges a pause that outlives its window.
 */
public final class KeyRotatorPodsCheck implements Check {

    public static final String DOWN = "key-rotator-down";

    private static final CheckHeader HEADER = new CheckHeader("key-rotator-pods", List.of(DOWN),
            EnumSet.of(Input.DEPLOYMENTS, Input.PODS, Input.EVENTS, Input.LOGS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        return ComponentOutage.of(region, context.names().keyRotator(), "the LiteLLM key rotator", LogTail.Component.KEY_ROTATOR,
                ComponentOutage.ZeroReplicas.DECIDED, ComponentOutage.Absence.NOT_INSTALLED, context)
                .filter(ComponentOutage::noneAvailable).map(o -> o.signal(DOWN, region.region().name())).stream().toList();
    }
}
