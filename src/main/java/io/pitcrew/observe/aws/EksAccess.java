package io.pitcrew.observe.aws;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An EKS cluster reached from this process's AWS identity, as {@code aws eks update-kubeconfig} plus
 * {@code aws eks get-token} reach it, without the AWS CLI: the cluster's endpoint and CA from EKS
 * {@code DescribeCluster}, and a bearer token ({@link EksToken}) signed here from the credentials the SDK's order
 * finds (in a pod, IRSA's web identity), made again before it is ten minutes old.
 *
 * <p>This is how an in-cluster {@code pitcrew serve} in us-east-2 reaches the proxy regions' clusters: the pod's role
 * needs {@code eks:DescribeCluster} on them and an access entry (or {@code aws-auth} mapping) in each
 * (docs/deploy.md).
 */
public final class EksAccess {

    private final AwsEnvironment env;
    private final Duration timeout;
    private final Clock clock;

    public EksAccess(AwsEnvironment env, Duration timeout, Clock clock) {
        this.env = env;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** With this process's environment and the system clock. */
    public static EksAccess current(Duration timeout) {
        return new EksAccess(AwsEnvironment.current(), timeout, Clock.systemUTC());
    }

    /** Why an EKS cluster cannot be reached: one line with what to do, free of credentials. */
    public static final class Unreachable extends RuntimeException {
        public Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A Fabric8 client configuration for {@code cluster} in {@code awsRegion}.
     *
     * @throws Unreachable when no credentials are found or EKS does not describe the cluster
     */
    public Config clientConfig(String cluster, String awsRegion) {
        AwsConfig aws = AwsConfig.load(env, Region.of(awsRegion), timeout);
        AwsSignIn.SignedIn signedIn = signIn(aws, cluster);
        Cluster described = describe(aws, signedIn, cluster);
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(described.endpoint())
                .withCaCertData(caData(described))
                .build();
        config.setOauthTokenProvider(new Tokens(aws, cluster, awsRegion, signedIn));
        return config;
    }

    /** The cluster's CA (base64 PEM, as the kubeconfig's certificate-authority-data), or null to use the system's. */
    private static String caData(Cluster c) {
        String data = c.certificateAuthority() == null ? null : c.certificateAuthority().data();
        return data == null || data.isBlank() ? null : data;
    }

    private static AwsSignIn.SignedIn signIn(AwsConfig aws, String cluster) {
        return switch (AwsCredentialChain.signIn(aws)) {
            case AwsSignIn.SignedIn in -> in;
            case AwsSignIn.NotSignedIn none -> throw new Unreachable("EKS cluster " + cluster + ": " + none.reason());
        };
    }

    private static Cluster describe(AwsConfig aws, AwsSignIn.SignedIn in, String cluster) {
        try (EksClient eks = aws.client(EksClient.builder(), aws.region())
                .credentialsProvider(() -> in.credentials()).build()) {
            Cluster c = eks.describeCluster(r -> r.name(cluster)).cluster();
            if (c == null || c.endpoint() == null || c.endpoint().isBlank()) {
                throw new Unreachable("EKS described cluster " + cluster + " without an endpoint (is it still being created?); fix: "
                        + "wait until aws eks describe-cluster --name " + cluster + " --region " + aws.region().id() + " shows ACTIVE");
            }
            return c;
        } catch (SdkException e) {
            throw new Unreachable(AwsError.answered(e)
                    ? "EKS refused DescribeCluster " + cluster + " in " + aws.region().id() + " to the credentials from " + in.source()
                            + ": " + AwsError.describe(e) + "; fix: check the cluster's name and region, and allow eks:DescribeCluster on it to that identity"
                    : "EKS did not answer DescribeCluster " + cluster + ": " + AwsError.describe(e) + "; fix: can this machine reach eks."
                            + aws.region().id() + ".amazonaws.com?");
        }
    }

    /**
     * The token Fabric8 asks for before every request: the last one while it is younger than
     * {@link EksToken#REFRESH}, else one signed again, with credentials looked for again (IRSA's last an hour).
     */
    private final class Tokens implements OAuthTokenProvider {
        private final AwsConfig aws;
        private final String cluster;
        private final String awsRegion;
        private AwsSignIn.SignedIn signedIn;
        private String token;
        private Instant signedAt;

        Tokens(AwsConfig aws, String cluster, String awsRegion, AwsSignIn.SignedIn signedIn) {
            this.aws = aws;
            this.cluster = cluster;
            this.awsRegion = awsRegion;
            this.signedIn = signedIn;
        }

        @Override
        public synchronized String getToken() {
            Instant now = clock.instant();
            if (token != null && now.isBefore(signedAt.plus(EksToken.REFRESH))) return token;
            if (token != null) {
                // credentials from STS expire; a failed look keeps the last ones, and EKS says if they no longer work
                if (AwsCredentialChain.signIn(AwsConfig.load(env, aws.region(), timeout)) instanceof AwsSignIn.SignedIn again) {
                    signedIn = again;
                }
            }
            token = EksToken.sign(signedIn.credentials(), cluster, awsRegion, EksToken.regionalSts(awsRegion), clock);
            signedAt = now;
            return token;
        }
    }
}
