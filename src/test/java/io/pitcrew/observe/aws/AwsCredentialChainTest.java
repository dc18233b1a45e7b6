package io.pitcrew.observe.aws;

import io.pitcrew.observe.registry.EcrLogin;
import io.pitcrew.observe.registry.EcrPassword;
import io.pitcrew.redact.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS credentials the way AWS CLI users have them, each exchanged for ECR's pull password against {@link FakeAws}
 * (STS, the SSO portal, SSO-OIDC, ECR and instance metadata in their wire formats on loopback). Each test has its own
 * home directory ({@code ~/.aws/config}, {@code ~/.aws/sso/cache}) and environment, handed to the same code that reads
 * the real ones; the services section of the config points the SDK's clients at the fake, as {@code endpoint_url}
 * does for any user.
 */
class AwsCredentialChainTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/pitcrew";
    private static final String START_URL = "https://corp.awsapps.com/start";

    @TempDir
    Path home;
    private FakeAws aws;
    private final Map<String, String> variables = new HashMap<>();

    @BeforeEach
    void start() throws IOException {
        aws = new FakeAws();
        variables.put("HOME", home.toString());
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private EcrPassword login() {
        return EcrLogin.login("us-east-2", new AwsEnvironment(variables, Map.of()), Duration.ofSeconds(5));
    }

    /** {@code ~/.aws/config} with these lines, every service sent to the fake and instance metadata to a closed port. */
    private void config(String text) throws IOException {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), text + "\n" + aws.servicesSection("local"));
    }

    private static String noInstanceMetadata() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "ec2_metadata_service_endpoint = http://127.0.0.1:" + s.getLocalPort() + "\n";
        }
    }

    /** The access key id an ECR request was signed with (SigV4: {@code Credential=AKID/date/region/service/aws4_request}). */
    private String ecrSignedBy() {
        assertThat(aws.ecr()).hasSize(1);
        String authorization = aws.ecr().getFirst().header("Authorization");
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=").contains("/us-east-2/ecr/aws4_request");
        return authorization.substring("AWS4-HMAC-SHA256 Credential=".length(), authorization.indexOf('/'));
    }

    private Path ssoToken(String sessionName, String json) throws IOException {
        Path cache = Files.createDirectories(home.resolve(".aws/sso/cache"));
        return Files.writeString(SsoToken.file(cache, sessionName), json);
    }

    private static final String SSO_PROFILE = """
            [profile dev]
            sso_session = corp
            sso_account_id = 123456789012
            sso_role_name = ReadOnly
            region = us-east-2
            services = local

            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = us-east-1
            sso_registration_scopes = sso:account:access
            """;

    @Test
    void irsaWebIdentityIsExchangedWithStsAndItsCredentialsSignTheEcrCall() throws IOException {
        Path token = Files.writeString(home.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJl\n");
        variables.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
        variables.put("AWS_ROLE_ARN", ROLE);
        variables.put("AWS_ROLE_SESSION_NAME", "pitcrew-doctor");
        config("[default]\nservices = local\n" + noInstanceMetadata());

        EcrPassword password = login();

        assertThat(password).isEqualTo(new EcrPassword.Granted("ecr-password-from-aws-0123"));
        assertThat(aws.sts()).singleElement().satisfies(r -> {
            assertThat(r.form("RoleArn")).isEqualTo(ROLE);
            assertThat(r.form("RoleSessionName")).isEqualTo("pitcrew-doctor");
            assertThat(r.form("WebIdentityToken")).isEqualTo("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJl");
            assertThat(r.header("Authorization")).as("AssumeRoleWithWebIdentity is not signed").isEmpty();
        });
        assertThat(ecrSignedBy()).isEqualTo(aws.stsAccessKeyId);
        assertThat(aws.ecr().getFirst().header("X-Amz-Security-Token")).isEqualTo(aws.stsSessionToken);
        // every secret that came from AWS is known to the scrubber
        assertThat(Credentials.scrub("a " + aws.stsSecretKey + " b " + aws.stsSessionToken + " c " + aws.ecrPassword))
                .isEqualTo("a [redacted] b [redacted] c [redacted]");
    }

    @Test
    void stsRefusingTheWebIdentitySaysSoWithoutTheToken() throws IOException {
        Path token = Files.writeString(home.resolve("token"), "web-identity-token-0123456789");
        variables.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
        variables.put("AWS_ROLE_ARN", ROLE);
        aws.stsRefusal = "Not authorized to perform sts:AssumeRoleWithWebIdentity with token web-identity-token-0123456789";
        config("[default]\nservices = local\n" + noInstanceMetadata());

        assertThat(login()).isInstanceOfSatisfying(EcrPassword.Unavailable.class, u -> assertThat(u.reason())
                .startsWith("no AWS credentials: STS refused the web identity token for " + ROLE + ": check that the role's trust policy")
                .contains("web identity (AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity")
                .doesNotContain("web-identity-token-0123456789"));
        assertThat(aws.ecr()).isEmpty();
    }

    @Test
    void anSsoProfileUsesTheCachedLoginForTheRoleCredentials() throws IOException {
        variables.put("AWS_PROFILE", "dev");
        config(SSO_PROFILE + noInstanceMetadata());
        ssoToken("corp", "{\"startUrl\":\"" + START_URL + "\",\"region\":\"us-east-1\",\"accessToken\":\"" + aws.ssoValidToken
                + "\",\"expiresAt\":\"" + Instant.now().plus(Duration.ofHours(1)) + "\"}");

        assertThat(login()).isEqualTo(new EcrPassword.Granted("ecr-password-from-aws-0123"));

        assertThat(aws.to("/federation/credentials")).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).contains("role_name=ReadOnly").contains("account_id=123456789012");
            assertThat(r.header("x-amz-sso_bearer_token")).isEqualTo(aws.ssoValidToken);
        });
        assertThat(aws.to("/token")).as("a fresh token is not refreshed").isEmpty();
        assertThat(ecrSignedBy()).isEqualTo(aws.ssoAccessKeyId);
        assertThat(Credentials.scrub(aws.ssoValidToken + " " + aws.ssoSecretKey + " " + aws.ssoSessionToken))
                .isEqualTo("[redacted] [redacted] [redacted]");
    }

    @Test
    void aLegacySsoProfileFindsItsTokenByTheStartUrl() throws IOException {
        config("""
                [default]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = us-east-1
                sso_account_id = 123456789012
                sso_role_name = ReadOnly
                services = local
                """ + noInstanceMetadata());
        ssoToken(START_URL, "{\"startUrl\":\"" + START_URL + "\",\"region\":\"us-east-1\",\"accessToken\":\"" + aws.ssoValidToken
                + "\",\"expiresAt\":\"" + Instant.now().plus(Duration.ofHours(1)).toString().replaceFirst("\\.\\d+Z$", "UTC") + "\"}");

        assertThat(login()).isEqualTo(new EcrPassword.Granted("ecr-password-from-aws-0123"));
        assertThat(ecrSignedBy()).isEqualTo(aws.ssoAccessKeyId);
    }

    @Test
    void anSsoTokenAboutToExpireIsRefreshedAndWrittenBackAsTheCliDoes() throws IOException {
        variables.put("AWS_PROFILE", "dev");
        config(SSO_PROFILE + noInstanceMetadata());
        aws.oidcNewAccessToken = aws.ssoValidToken;
        Path cached = ssoToken("corp", "{\"startUrl\":\"" + START_URL + "\",\"region\":\"us-east-1\","
                + "\"accessToken\":\"old-access-token-0123456789\",\"expiresAt\":\"" + Instant.now().plus(Duration.ofMinutes(2)) + "\","
                + "\"clientId\":\"client-id-0123\",\"clientSecret\":\"client-secret-0123456789\","
                + "\"registrationExpiresAt\":\"" + Instant.now().plus(Duration.ofDays(80)) + "\","
                + "\"refreshToken\":\"old-refresh-token-0123456789\"}");

        assertThat(login()).isEqualTo(new EcrPassword.Granted("ecr-password-from-aws-0123"));

        assertThat(aws.to("/token")).singleElement().satisfies(r -> {
            JsonNode body = JsonMapper.builder().build().readTree(r.body());
            assertThat(body.path("grantType").asString()).isEqualTo("refresh_token");
            assertThat(body.path("refreshToken").asString()).isEqualTo("old-refresh-token-0123456789");
            assertThat(body.path("clientId").asString()).isEqualTo("client-id-0123");
            assertThat(body.path("clientSecret").asString()).isEqualTo("client-secret-0123456789");
        });
        assertThat(aws.to("/federation/credentials")).singleElement()
                .satisfies(r -> assertThat(r.header("x-amz-sso_bearer_token")).isEqualTo(aws.ssoValidToken));
        JsonNode written = JsonMapper.builder().build().readTree(Files.readString(cached));
        assertThat(written.path("accessToken").asString()).isEqualTo(aws.ssoValidToken);
        assertThat(written.path("refreshToken").asString()).isEqualTo(aws.oidcNewRefreshToken);
        assertThat(written.path("clientId").asString()).as("the rest as the CLI wrote it").isEqualTo("client-id-0123");
        assertThat(Instant.parse(written.path("expiresAt").asString())).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
        assertThat(Files.getPosixFilePermissions(cached)).hasSize(2);
    }

    @Test
    void anExpiredSsoLoginSaysToLogInAgain() throws IOException {
        variables.put("AWS_PROFILE", "dev");
        config(SSO_PROFILE + noInstanceMetadata());
        ssoToken("corp", "{\"startUrl\":\"" + START_URL + "\",\"region\":\"us-east-1\",\"accessToken\":\"expired-token-0123456789\","
                + "\"expiresAt\":\"2026-01-04T10:00:00Z\"}");

        assertThat(login()).isInstanceOfSatisfying(EcrPassword.Unavailable.class, u -> assertThat(u.reason())
                .startsWith("no AWS credentials: SSO session expired: run aws sso login --profile dev (tried ")
                .contains("profile 'dev' (SSO session 'corp' expired 2026-01-04T10:00:00Z)")
                .doesNotContain("expired-token-0123456789"));
        assertThat(aws.requests).as("nothing asked with a token known to be expired").isEmpty();
    }

    @Test
    void anSsoSessionWhoseRefreshIsRefusedHasExpired() throws IOException {
        variables.put("AWS_PROFILE", "dev");
        config(SSO_PROFILE + noInstanceMetadata());
        aws.oidcRefusal = "InvalidGrantException";
        ssoToken("corp", "{\"accessToken\":\"expired-token-0123456789\",\"expiresAt\":\"" + Instant.now().minus(Duration.ofMinutes(5)) + "\","
                + "\"clientId\":\"client-id-0123\",\"clientSecret\":\"client-secret-0123456789\",\"refreshToken\":\"old-refresh-token-0123456789\"}");

        assertThat(login()).isInstanceOfSatisfying(EcrPassword.Unavailable.class, u -> assertThat(u.reason())
                .startsWith("no AWS credentials: SSO session expired: run aws sso login --profile dev"));
        assertThat(aws.to("/token")).hasSize(1);
        assertThat(aws.ecr()).isEmpty();
    }

    @Test
    void theSsoPortalRefusingTheCachedTokenIsAnExpiredSessionToo() throws IOException {
        variables.put("AWS_PROFILE", "dev");
        config(SSO_PROFILE + noInstanceMetadata());
        ssoToken("corp", "{\"accessToken\":\"signed-out-token-0123456789\",\"expiresAt\":\"" + Instant.now().plus(Duration.ofHours(1)) + "\"}");

        assertThat(login()).isInstanceOfSatisfying(EcrPassword.Unavailable.class, u -> assertThat(u.reason())
                .startsWith("no AWS credentials: SSO session expired: run aws sso login --profile dev")
                .contains("Session token not found or invalid")
                .doesNotContain("signed-out-token-0123456789"));
    }

    @Test
    void anSsoProfileNeverLoggedInSaysToLogIn() throws IOException {
        variables.put("AWS_PROFILE", "dev");
        config(SSO_PROFILE + noInstanceMetadata());

        assertThat(login()).isInstanceOfSatisfying(EcrPassword.Unavailable.class, u -> assertThat(u.reason())
                .startsWith("no AWS credentials: not signed in to AWS SSO: run aws sso login --profile dev")
                .contains("no cached SSO token " + home.resolve(".aws/sso/cache")));
    }

    @Test
    void withNoCredentialsAnywhereItSaysWhatItTriedAndHowToSignIn() throws IOException {
        config("[default]\nregion = us-east-2\n" + noInstanceMetadata());

        assertThat(login()).isInstanceOfSatisfying(EcrPassword.Unavailable.class, u -> assertThat(u.reason()).isEqualTo(
                "no AWS credentials: tried environment (AWS_ACCESS_KEY_ID not set), web identity (AWS_WEB_IDENTITY_TOKEN_FILE not set),"
                        + " profile 'default' (no credentials in it), container (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI"
                        + " not set), instance metadata (no credentials: Connection refused); fix: aws sso login --profile NAME"
                        + " and set AWS_PROFILE=NAME, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run pitcrew with an IAM role"
                        + " (IRSA on EKS, an EC2 instance profile)"));
        assertThat(aws.requests).isEmpty();
    }

    @Test
    void aProfileNamedButMissingSaysWhereItLooked() {
        variables.put("AWS_PROFILE", "prod");

        assertThat(login()).isInstanceOfSatisfying(EcrPassword.Unavailable.class, u -> assertThat(u.reason())
                .startsWith("no AWS credentials: AWS_PROFILE names profile 'prod', which is not in " + home.resolve(".aws/config")
                        + " or " + home.resolve(".aws/credentials") + ": set AWS_PROFILE to a profile of"));
    }

    @Test
    void aProfileWithoutItsSecretKeyNamesTheMissingPropertyAndNoSecret() throws IOException {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), "[default]\naws_access_key_id = AKIAPROFILEEXAMPLE05\n"
                + "aws_session_token = profile-session-token-0123456789\n");
        config("[default]\n" + noInstanceMetadata());

        assertThat(login()).isInstanceOfSatisfying(EcrPassword.Unavailable.class, u -> assertThat(u.reason())
                .startsWith("no AWS credentials: profile 'default' gave no credentials: check profile 'default' in")
                .contains("aws_secret_access_key")
                .doesNotContain("profile-session-token-0123456789"));
    }

    @Test
    void aCredentialProcessProfileRunsItsProcess() throws IOException {
        Path process = Files.writeString(home.resolve("credentials.sh"), "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROCESSEXAMPLE06\","
                + " \"SecretAccessKey\": \"process-secret-key-0123456789\", \"SessionToken\": \"process-session-token-0123456789\","
                + " \"Expiration\": \"2099-12-04T16:00:00Z\"}'\n");
        config("[default]\ncredential_process = /bin/sh " + process + "\nservices = local\n" + noInstanceMetadata());

        assertThat(login()).isInstanceOf(EcrPassword.Granted.class);
        assertThat(ecrSignedBy()).isEqualTo("AKIAPROCESSEXAMPLE06");
        assertThat(Credentials.scrub("process-secret-key-0123456789 process-session-token-0123456789")).isEqualTo("[redacted] [redacted]");
    }

    @Test
    void keysInTheEnvironmentComeFirst() throws IOException {
        variables.put("AWS_ACCESS_KEY_ID", "AKIAENVEXAMPLE000004");
        variables.put("AWS_SECRET_ACCESS_KEY", "env-secret-key-0123456789");
        config(SSO_PROFILE);
        variables.put("AWS_PROFILE", "dev");

        assertThat(login()).isInstanceOf(EcrPassword.Granted.class);
        assertThat(ecrSignedBy()).isEqualTo("AKIAENVEXAMPLE000004");
        assertThat(aws.to("/federation")).isEmpty();
        assertThat(new AwsEnvironment(variables, Map.of()).toString()).as("the environment prints no secret")
                .doesNotContain("env-secret-key-0123456789");
    }

    @Test
    void anInstanceRoleComesFromInstanceMetadataV2() throws IOException {
        config("[default]\nservices = local\nec2_metadata_service_endpoint = " + aws.url() + "\n");

        assertThat(login()).isInstanceOf(EcrPassword.Granted.class);
        assertThat(ecrSignedBy()).isEqualTo(aws.imdsAccessKeyId);
        assertThat(aws.to("/latest/api/token")).singleElement().satisfies(r -> assertThat(r.method()).isEqualTo("PUT"));
    }

    /**
     * Instance metadata that accepts connections and never answers (a laptop's network swallowing 169.254.169.254)
     * costs the SDK two timeouts, 2.2 s measured; pitcrew waits {@link InstanceRole#WAIT}.
     */
    @Test
    void instanceMetadataThatNeverAnswersCostsAtMostTheWait() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            config("[default]\nec2_metadata_service_endpoint = http://127.0.0.1:" + silent.getLocalPort() + "\n");
            long start = System.nanoTime();

            EcrPassword password = login();

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(password).isInstanceOfSatisfying(EcrPassword.Unavailable.class,
                    u -> assertThat(u.reason()).contains("instance metadata (no answer within 1 s)"));
            assertThat(took).isLessThan(InstanceRole.WAIT.plusMillis(1500));
        }
    }
}
