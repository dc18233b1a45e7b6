package io.pitcrew.observe;

import io.pitcrew.observe.registry.DigestResult;

/**
 * What the upstream image's tag and its mirror's tag point to right now: the runbook's
 * {@code crane digest ghcr.io/coder/coder-preview:latest} next to the ECR mirror's latest digest.
 */
public record MirrorDigests(String upstreamRef, DigestResult upstream, String mirrorRef, DigestResult mirror) {}
