package io.pitcrew.doctor;

import io.pitcrew.check.Evidence;
import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabExtension;
import io.pitcrew.runbook.Finding;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One root cause per problem on the lab: where a cause and the symptom it explains show in one region, doctor reports
 * one incident, the cause's, with the symptom as evidence ("explains: ...") and the symptom's own evidence after it.
 */
class FoldedFindingsTest {

    @RegisterExtension
    static final LabExtension shared = LabExtension.healthy(12).resetAfterEach();

    @ParameterizedTest(name = "{0}: {1} explains {2}")
    @CsvSource(delimiter = '|', value = {
            "provisioner-oom-restarting  | provisioner-failures/provisioner-resource-limits | resource-contention/insufficient-provisioners | us-east-2 | 1 provisioner deployment below baseline",
            "provisioner-oom             | provisioner-failures/provisioner-resource-limits | provisioner-failures/provisioners-down         | us-east-2 | 4 of 6 replicas available",
            "provisioners-crashloop      | provisioner-failures/provisioners-down           | resource-contention/insufficient-provisioners | us-east-2 | below baseline",
            "karpenter-down-pods-waiting | resource-contention/karpenter-not-scaling        | resource-contention/karpenter-down             | us-west-2 | 0 of 1 replicas available",
            "litellm-crash-keys-rejected | litellm-auth/litellm-outage                      | litellm-auth/key-rotation                      | us-east-2 | rejects virtual keys",
            "coderd-down                 | subdomain-routing/coderd-down                    | subdomain-routing/health-check-failing         | us-east-2 | /healthz/us-east-2 fails"})
    void oneIncidentWithTheSymptomAsEvidence(String scenario, String cause, String symptom, String region, String seen) {
        Lab lab = shared.lab();
        PitcrewConfig config = ConfigLoader.load(lab.config());
        lab.inject(scenario);
        List<Finding> findings = new Doctor(config, Doctor.loadRunbook(Optional.empty()))
                .run(Kubeconfig.read(lab.kubeconfig()), config.regions(), o -> {}).findings();
        assertThat(findings).extracting(Finding::key).containsExactly(cause);
        Finding f = findings.getFirst();
        assertThat(f.summary()).endsWith("(explains " + symptom + ")");
        List<Evidence> folded = f.evidence().stream().filter(e -> e.kind().equals("Finding")).toList();
        assertThat(folded).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo(symptom);
            assertThat(e.region()).isEqualTo(region);
            assertThat(e.detail()).startsWith("explains: ").contains(seen);
        });
    }
}
