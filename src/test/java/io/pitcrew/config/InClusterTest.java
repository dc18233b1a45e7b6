package io.pitcrew.config;

import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pitcrew's own cluster, reached as a pod reaches it, and a context made instead of read ({@link Kubeconfig#withMade}). */
class InClusterTest {

    @TempDir
    Path serviceAccount;

    @Test
    void aPodReachesItsClusterThroughTheServiceAddressWithTheMountedCaTokenAndNamespace() throws IOException {
        Files.writeString(serviceAccount.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.sa-token.sig\n");
        Files.writeString(serviceAccount.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        Files.writeString(serviceAccount.resolve("namespace"), "pitcrew\n");

        Config config = InCluster.clientConfig(Map.of("KUBERNETES_SERVICE_HOST", "10.100.0.1", "KUBERNETES_SERVICE_PORT", "443"),
                serviceAccount);

        assertThat(config.getMasterUrl()).startsWith("https://10.100.0.1:443");
        assertThat(config.getCaCertFile()).isEqualTo(serviceAccount.resolve("ca.crt").toString());
        assertThat(config.getNamespace()).isEqualTo("pitcrew");
        assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("eyJhbGciOiJSUzI1NiJ9.sa-token.sig");
    }

    @Test
    void anIpv6ServiceAddressIsBracketed() throws IOException {
        Files.writeString(serviceAccount.resolve("token"), "t");

        Config config = InCluster.clientConfig(Map.of("KUBERNETES_SERVICE_HOST", "fd00:10:96::1"), serviceAccount);

        assertThat(config.getMasterUrl()).startsWith("https://[fd00:10:96::1]:443");
    }

    @Test
    void outsideAPodItSaysSoAndWhatToDo() {
        assertThatThrownBy(() -> InCluster.clientConfig(Map.of(), serviceAccount))
                .isInstanceOf(InCluster.NotInCluster.class)
                .hasMessageContaining("KUBERNETES_SERVICE_HOST is not set")
                .hasMessageContaining("fix: run pitcrew in the cluster");
    }

    @Test
    void withoutAMountedTokenItSaysWhereItLooked() {
        assertThatThrownBy(() -> InCluster.clientConfig(Map.of("KUBERNETES_SERVICE_HOST", "10.100.0.1"), serviceAccount))
                .isInstanceOf(InCluster.NotInCluster.class)
                .hasMessageContaining("no service account token at " + serviceAccount.resolve("token"))
                .hasMessageContaining("automountServiceAccountToken");
    }

    @Test
    void aMadeContextIsUsableWithoutAKubeconfigFileAndIsMadeOnlyWhenAClientIsConfigured() {
        int[] made = {0};
        Kubeconfig kubeconfig = Kubeconfig.none().withMade("us-west-2", () -> {
            made[0]++;
            return Config.empty();
        });

        assertThat(kubeconfig.contexts()).containsExactly("us-west-2");
        assertThat(kubeconfig.unusable("us-west-2")).isEmpty();
        assertThat(kubeconfig.unusable("eu-west-2")).get().asString().contains("not in the kubeconfig (no kubeconfig file");
        assertThat(made[0]).isZero();
        kubeconfig.clientConfig("us-west-2");
        assertThat(made[0]).isEqualTo(1);
    }
}
