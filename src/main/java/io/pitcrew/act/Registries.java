package io.pitcrew.act;

import io.pitcrew.config.Probes;
import io.pitcrew.observe.registry.DigestResult;
import io.pitcrew.observe.registry.EcrLogin;
import io.pitcrew.observe.registry.EcrPassword;
import io.pitcrew.image.ImageRef;
import io.pitcrew.observe.registry.RegistryClient;
import io.pitcrew.observe.registry.RegistryCredentials;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;

/**
 * The registries of pitcrew.yaml's {@code mirror:} block as actions use them: the upstream read anonymously, the
 * mirror with its user and a password from its file, its environment variable or (ECR) a fresh AWS token, read
 * when needed and never kept beyond this fix.
 */
public final class Registries {

    private final Optional<Probes.Mirror> mirror;
    private final Duration timeout;

    Registries(Optional<Probes.Mirror> mirror, Duration timeout) {
        this.mirror = mirror;
        this.timeout = timeout;
    }

    Optional<Probes.Mirror> mirror() {
        return mirror;
    }

    DigestResult digest(ImageRef ref) {
        return new RegistryClient(RegistryClient.Options.defaults().withTimeout(timeout).withCredentials(this::credentials)).digest(ref);
    }

    ImageCopy copier() {
        return new ImageCopy(this::credentials, timeout);
    }

    private Optional<RegistryCredentials> credentials(String host) {
        return mirror.filter(m -> ImageRef.parse(m.image()).registry().equals(host))
                .flatMap(m -> password(m).granted().map(p -> new RegistryCredentials(m.username(), p)));
    }

    /**
     * A fresh pull password for a registry host: the mirror's (from its file or variable) when the host is the
     * mirror's, else ECR's GetAuthorizationToken with the machine's AWS credentials for an ECR host. When there is
     * none, why: AWS's answer (an expired SSO login says to run aws sso login) is what the user has to act on.
     */
    EcrPassword token(String host) {
        Optional<Probes.Mirror> own = mirror.filter(m -> ImageRef.parse(m.image()).registry().equals(host));
        if (own.isPresent()) return password(own.get());
        return ecr(host);
    }

    private EcrPassword password(Probes.Mirror m) {
        if (m.passwordFile().isPresent()) {
            try {
                String v = Files.readString(m.passwordFile().get()).strip();
                if (!v.isEmpty()) return new EcrPassword.Granted(v);
            } catch (IOException e) {
                // then the environment variable, then ECR
            }
        }
        return m.passwordEnv().map(System::getenv).filter(v -> !v.isEmpty()).<EcrPassword>map(EcrPassword.Granted::new)
                .orElseGet(() -> ecr(ImageRef.parse(m.image()).registry()));
    }

    private EcrPassword ecr(String host) {
        return EcrLogin.regionOf(host).map(r -> EcrLogin.login(r, timeout))
                .orElseGet(() -> new EcrPassword.Unavailable(host + " is not an ECR registry, and the mirror's password file"
                        + " and variable give none"));
    }

    /** A registry's answer in a plan or a message; never a credential (DigestResult carries none). */
    static String describe(DigestResult r) {
        return switch (r) {
            case DigestResult.Found f -> f.digest();
            case DigestResult.Missing m -> "(missing: " + m.code() + ")";
            case DigestResult.Denied d -> "(denied: HTTP " + d.status() + " " + d.code() + ")";
            case DigestResult.RateLimited l -> "(rate-limited)";
            case DigestResult.Unreachable u -> "(unreachable: " + u.reason() + ")";
        };
    }
}
