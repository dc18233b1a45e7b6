package io.pitcrew.check;

import java.util.List;

/**
 * A named fact a check found in one region, with its evidence. Runbook causes are rules over signal ids.
 *
 * @param affected how many objects (workspaces, pods, nodes) the fact touches; drives severity
 */
public record Signal(String id, String region, int affected, String summary, List<Evidence> evidence) {}
