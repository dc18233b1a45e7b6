package io.pitcrew.runbook;

import java.util.List;
import java.util.Optional;

/**
 * One "Likely Cause" of an incident type.
 *
 * @param detect  how pitcrew sees it; empty when the cause still needs a human's diagnosis
 * @param actions the runbook's immediate resolution steps for this cause
 * @param fix     the actions of {@code pitcrew fix} that resolve it, with how their parameters come from the finding;
 *                empty when no action pitcrew can run does
 */
public record Cause(String id, String title, Optional<Detection> detect, SeverityRule severity, List<Step> actions,
                    List<Fix> fix) {}
