package io.pitcrew.observe.dns;

/**
 * The two lookups the runbook does for one region's domain: the apex ({@code dig emea-proxy.ai.coder.com}) and a
 * workspace subdomain ({@code dig test-workspace.emea-proxy.ai.coder.com}), which only a wildcard record answers.
 */
public record DomainAnswers(String domain, DnsAnswer apex, DnsAnswer wildcard) {}
