package io.pitcrew.observe.coder;

import java.util.List;

/**
 * The provisioner part of coderd's own health report ({@code GET /api/v2/debug/health}, owners only): its severity
 * (ok, warning, error) and warnings such as EPD01 "no provisioner daemons" or EPD02 "version mismatch".
 */
public record DeploymentHealth(String severity, List<Warning> provisionerWarnings) {

    public DeploymentHealth {
        provisionerWarnings = List.copyOf(provisionerWarnings);
    }

    /** One of coderd's health warnings, e.g. {@code EPD01} with its message. */
    public record Warning(String code, String message) {}
}
