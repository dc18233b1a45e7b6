package io.pitcrew.runbook;

/**
 * One step a human can take: the runbook's words and, where it has one, the exact command.
 *
 * @param command a command template, e.g. {@code kubectl get pods -A --context={context}}; null for prose steps
 */
public record Step(String title, String command) {}
