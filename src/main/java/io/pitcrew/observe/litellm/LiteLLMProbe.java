package io.pitcrew.observe.litellm;

import java.util.Optional;

/**
 * One sweep's look at the LiteLLM proxy: readiness and liveliness always, the authenticated {@code /health} only
 * when pitcrew has a key (it makes real calls to Bedrock and Vertex).
 *
 * @param url    the base URL asked, so evidence names what was really tested
 * @param health empty when no key is configured
 */
public record LiteLLMProbe(String url, LiteLLMAnswer readiness, LiteLLMAnswer liveliness, Optional<LiteLLMAnswer> health) {}
