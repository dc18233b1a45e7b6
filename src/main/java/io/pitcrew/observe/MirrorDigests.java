package io.pitcrew.observe;

import io.pitcrew.observe.registry.DigestResult;

import java.util.Optional;

/**
 * What the upstream image's tag and its mirror's tag point to right now: the runbook's
 * {@code crane digest ghcr.io/coder/coder-preview:latest} next to the ECR mirror's latest digest.
 *
 * @param noPassword why pitcrew had no password when the mirror asked for one (no AWS credentials, ECR refused
 *                   GetAuthorizationToken), when it had none
 */
public record MirrorDigests(String upstreamRef, DigestResult upstream, String mirrorRef, DigestResult mirror,
                           Optional<String> noPassword) {

    public MirrorDigests(String upstreamRef, DigestResult upstream, String mirrorRef, DigestResult mirror) {
        this(upstreamRef, upstream, mirrorRef, mirror, Optional.empty());
    }

    /**
     * Why the mirror did not answer about its tag, with what to do: a refusal of pitcrew's missing password is told as
     * why it was missing ("no AWS credentials: tried ..."), which is what to fix, not as the mirror's 401.
     */
    String mirrorUnanswered() {
        return noPassword.filter(why -> mirror instanceof DigestResult.Denied)
                .orElseGet(() -> mirror.describe() + fix(mirror, true));
    }

    /** What to do about a registry that did not answer about the tag, for the "could not ask" line. */
    static String fix(DigestResult result, boolean isMirror) {
        return switch (result) {
            case DigestResult.Denied d when isMirror -> " (fix: an ECR password lasts 12 h: refresh mirror.passwordFile or"
                    + " mirror.passwordEnv, or give the machine AWS credentials allowed ecr:GetAuthorizationToken)";
            case DigestResult.Denied d -> " (fix: the upstream registry refused anonymous pulls: is mirror.upstream public?)";
            case DigestResult.RateLimited r -> " (fix: wait and ask again)";
            case DigestResult.Unreachable u when u.reason().equals("server-error") || u.reason().equals("unexpected-response") ->
                    " (fix: the registry failed to answer: ask again, and check the registry's status if it persists)";
            case DigestResult.Unreachable u -> " (fix: can this machine reach the registry? check mirror."
                    + (isMirror ? "image" : "upstream") + " in pitcrew.yaml)";
            case DigestResult.Found f -> "";
            case DigestResult.Missing m -> "";
        };
    }
}
