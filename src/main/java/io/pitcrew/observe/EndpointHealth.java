package io.pitcrew.observe;

import io.pitcrew.observe.health.HealthResult;

/** A region's health endpoint as probed: the URL asked, so evidence names what was really tested, and the answer. */
public record EndpointHealth(String url, HealthResult result) {}
