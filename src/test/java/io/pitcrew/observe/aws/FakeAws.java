package io.pitcrew.observe.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The AWS endpoints pitcrew's ECR login talks to, on loopback, each in its real wire format: STS
 * AssumeRoleWithWebIdentity (AWS Query: a form POST, an XML answer), the SSO portal's GetRoleCredentials
 * ({@code GET /federation/credentials} with {@code x-amz-sso_bearer_token}), SSO-OIDC CreateToken ({@code POST /token},
 * JSON), ECR GetAuthorizationToken (AWS JSON 1.1, {@code X-Amz-Target}) and EC2 instance metadata (IMDSv2). One
 * server, told apart by path and target as the real endpoints are by host. Every request is recorded.
 */
final class FakeAws implements AutoCloseable {

    /** One request as it arrived. */
    record Request(String method, String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(), "");
        }

        /** A form body's field (AWS Query). */
        String form(String field) {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(field)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return "";
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    // what the services answer; tests change them before a login
    volatile String stsAccessKeyId = "ASIASTSEXAMPLE000001";
    volatile String stsSecretKey = "sts-secret-key-0123456789";
    volatile String stsSessionToken = "sts-session-token-0123456789";
    /** When set, STS refuses with this AccessDenied message. */
    volatile String stsRefusal = null;
    volatile String ssoAccessKeyId = "ASIASSOEXAMPLE000002";
    volatile String ssoSecretKey = "sso-secret-key-0123456789";
    volatile String ssoSessionToken = "sso-session-token-0123456789";
    /** The bearer token the SSO portal takes; any other is a 401. */
    volatile String ssoValidToken = "sso-access-token-0123456789";
    volatile String oidcNewAccessToken = "sso-access-token-0123456789";
    volatile String oidcNewRefreshToken = "sso-refresh-token-new-0123456789";
    /** When set, SSO-OIDC refuses the refresh with this error type. */
    volatile String oidcRefusal = null;
    volatile String ecrPassword = "ecr-password-from-aws-0123";
    volatile int ecrStatus = 200;
    volatile String imdsAccessKeyId = "ASIAIMDSEXAMPLE00003";
    /** EKS DescribeCluster: the clusters it knows, by name, and the endpoint it gives each. */
    final Map<String, String> eksEndpoints = new ConcurrentHashMap<>();
    volatile String eksCaData = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==";

    FakeAws() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> to(String path) {
        return requests.stream().filter(r -> r.path().startsWith(path)).toList();
    }

    List<Request> ecr() {
        return requests.stream().filter(r -> r.header("X-Amz-Target").startsWith("AmazonEC2ContainerRegistry")).toList();
    }

    List<Request> sts() {
        return requests.stream().filter(r -> r.form("Action").equals("AssumeRoleWithWebIdentity")).toList();
    }

    /**
     * An AWS config {@code services} section sending every service pitcrew calls here, as a user points the SDK and
     * the CLI at a local endpoint ({@code services = NAME} in a profile).
     */
    String servicesSection(String name) {
        return "[services " + name + "]\n"
                + "ecr =\n  endpoint_url = " + url() + "\n"
                + "sts =\n  endpoint_url = " + url() + "\n"
                + "sso =\n  endpoint_url = " + url() + "\n"
                + "sso_oidc =\n  endpoint_url = " + url() + "\n"
                + "eks =\n  endpoint_url = " + url() + "\n";
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request r = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body);
        requests.add(r);
        try (exchange) {
            if (r.header("X-Amz-Target").equals("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken")) ecr(exchange);
            else if (r.form("Action").equals("AssumeRoleWithWebIdentity")) sts(exchange, r);
            else if (r.path().startsWith("/federation/credentials")) sso(exchange, r);
            else if (r.path().equals("/token")) oidc(exchange, r);
            else if (r.path().startsWith("/latest/")) imds(exchange, r);
            else if (r.method().equals("GET") && r.path().startsWith("/clusters/")) eks(exchange, r);
            else send(exchange, 404, "text/plain", "no such fake");
        }
    }

    private void ecr(HttpExchange exchange) throws IOException {
        String token = Base64.getEncoder().encodeToString(("AWS:" + ecrPassword).getBytes(StandardCharsets.UTF_8));
        send(exchange, ecrStatus, "application/x-amz-json-1.1", ecrStatus == 200
                ? "{\"authorizationData\":[{\"authorizationToken\":\"" + token + "\",\"expiresAt\":1.7648E9,"
                        + "\"proxyEndpoint\":\"https://123456789012.dkr.ecr.us-east-2.amazonaws.com\"}]}"
                : "{\"__type\":\"AccessDeniedException\",\"message\":\"User: arn:aws:sts::123456789012:assumed-role/dev/me is not"
                        + " authorized to perform: ecr:GetAuthorizationToken on resource: *\"}");
    }

    /** EKS DescribeCluster ({@code GET /clusters/NAME}, REST JSON) as eks.REGION.amazonaws.com answers it. */
    private void eks(HttpExchange exchange, Request r) throws IOException {
        String name = r.path().substring("/clusters/".length());
        String endpoint = eksEndpoints.get(name);
        if (endpoint == null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "ResourceNotFoundException");
            send(exchange, 404, "application/json", "{\"message\":\"No cluster found for name: " + name + ".\"}");
            return;
        }
        send(exchange, 200, "application/json", "{\"cluster\":{\"name\":\"" + name + "\",\"arn\":\"arn:aws:eks:us-west-2:123456789012:cluster/"
                + name + "\",\"version\":\"1.32\",\"endpoint\":\"" + endpoint + "\",\"status\":\"ACTIVE\","
                + "\"certificateAuthority\":{\"data\":\"" + eksCaData + "\"}}}");
    }

    /** STS's answer as sts.amazonaws.com sends it (2011-06-15 API, AWS Query). */
    private void sts(HttpExchange exchange, Request r) throws IOException {
        if (stsRefusal != null) {
            send(exchange, 403, "text/xml", "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                    + "<Type>Sender</Type><Code>AccessDenied</Code><Message>" + stsRefusal + "</Message></Error>"
                    + "<RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>");
            return;
        }
        send(exchange, 200, "text/xml", """
                <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleWithWebIdentityResult>
                    <SubjectFromWebIdentityToken>system:serviceaccount:pitcrew:pitcrew</SubjectFromWebIdentityToken>
                    <Audience>sts.amazonaws.com</Audience>
                    <AssumedRoleUser>
                      <Arn>arn:aws:sts::123456789012:assumed-role/pitcrew/%s</Arn>
                      <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:%s</AssumedRoleId>
                    </AssumedRoleUser>
                    <Credentials>
                      <SessionToken>%s</SessionToken>
                      <SecretAccessKey>%s</SecretAccessKey>
                      <Expiration>2099-12-04T17:00:00Z</Expiration>
                      <AccessKeyId>%s</AccessKeyId>
                    </Credentials>
                    <Provider>arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE</Provider>
                  </AssumeRoleWithWebIdentityResult>
                  <ResponseMetadata>
                    <RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId>
                  </ResponseMetadata>
                </AssumeRoleWithWebIdentityResponse>
                """.formatted(r.form("RoleSessionName"), r.form("RoleSessionName"), stsSessionToken, stsSecretKey, stsAccessKeyId));
    }

    /** The SSO portal (portal.sso.REGION.amazonaws.com), REST-JSON. */
    private void sso(HttpExchange exchange, Request r) throws IOException {
        if (!r.header("x-amz-sso_bearer_token").equals(ssoValidToken)) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "UnauthorizedException");
            send(exchange, 401, "application/json", "{\"message\":\"Session token not found or invalid\"}");
            return;
        }
        send(exchange, 200, "application/json", "{\"roleCredentials\":{\"accessKeyId\":\"" + ssoAccessKeyId
                + "\",\"secretAccessKey\":\"" + ssoSecretKey + "\",\"sessionToken\":\"" + ssoSessionToken
                + "\",\"expiration\":4099999999000}}");
    }

    /** SSO-OIDC (oidc.REGION.amazonaws.com) CreateToken, REST-JSON. */
    private void oidc(HttpExchange exchange, Request r) throws IOException {
        if (oidcRefusal != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", oidcRefusal);
            send(exchange, 400, "application/json", "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid refresh token provided\"}");
            return;
        }
        send(exchange, 200, "application/json", "{\"accessToken\":\"" + oidcNewAccessToken + "\",\"tokenType\":\"Bearer\","
                + "\"expiresIn\":3600,\"refreshToken\":\"" + oidcNewRefreshToken + "\"}");
    }

    /** EC2 instance metadata, IMDSv2: a session token first, then the role's name, then its credentials. */
    private void imds(HttpExchange exchange, Request r) throws IOException {
        if (r.method().equals("PUT") && r.path().equals("/latest/api/token")) {
            send(exchange, 200, "text/plain", "imds-session-token-0123456789");
        } else if (!r.header("x-aws-ec2-metadata-token").equals("imds-session-token-0123456789")) {
            send(exchange, 401, "text/plain", "");
        } else if (r.path().equals("/latest/meta-data/iam/security-credentials/")) {
            send(exchange, 200, "text/plain", "pitcrew-node");
        } else if (r.path().equals("/latest/meta-data/iam/security-credentials/pitcrew-node")) {
            send(exchange, 200, "text/plain", "{\"Code\":\"Success\",\"LastUpdated\":\"2026-12-04T10:00:00Z\",\"Type\":\"AWS-HMAC\","
                    + "\"AccessKeyId\":\"" + imdsAccessKeyId + "\",\"SecretAccessKey\":\"imds-secret-key-0123456789\","
                    + "\"Token\":\"imds-role-session-token-0123456789\",\"Expiration\":\"2099-12-04T16:00:00Z\"}");
        } else {
            send(exchange, 404, "text/plain", "");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
