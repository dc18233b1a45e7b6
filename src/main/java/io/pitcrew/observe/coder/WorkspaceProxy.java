package io.pitcrew.observe.coder;

import java.util.List;

/**
 * One region as coderd reports it in {@code GET /api/v2/workspaceproxies}: the primary (coderd itself) or a
 * workspace proxy. {@code status} is coderd's own verdict from polling {@code <proxy>/healthz-report}: ok,
 * unreachable, unhealthy or unregistered; {@code errors} and {@code warnings} are that report's lines, verbatim,
 * because they name the cause better than anything we could derive.
 */
public record WorkspaceProxy(String name, String displayName, boolean healthy, String status, String pathAppUrl,
                             String wildcardHostname, List<String> errors, List<String> warnings, String version) {
    public WorkspaceProxy {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }
}
