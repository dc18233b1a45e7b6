package io.pitcrew.build;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production code never reaches into the lab: the lab (src/lab/java) and what only it needs (the mock API
 * server, Vert.x web's router, BouncyCastle) ship in pitcrew-lab.jar, so pitcrew.jar must run without them.
 * A clean build already cannot compile such an edge; this also holds on an incremental one.
 */
class LabBoundaryTest {

    static final String[] LAB_ONLY_LIBRARIES = {
            "io.fabric8.mockwebserver..", "io.fabric8.kubernetes.client.server.mock..",
            "io.vertx.ext.web", "io.vertx.ext.web.handler..", "io.vertx.ext.web.impl..", "org.bouncycastle.."};

    static final LabSources LAB = LabSources.read();

    static final JavaClasses PITCREW = ProductionClasses.ALL;

    static final DescribedPredicate<JavaClass> IN_THE_LAB =
            DescribedPredicate.describe("compiled from src/lab/java", c -> LAB.contains(c.getName()));

    @Test
    void theLabSourcesAreFound() {
        // the rule below is only as good as this list: the lab's classes and its commands are in it
        assertThat(LAB.classNames()).contains("io.pitcrew.lab.Lab", "io.pitcrew.cli.DemoCommand", "io.pitcrew.cli.PitcrewLab");
        assertThat(PITCREW.stream().filter(IN_THE_LAB)).isNotEmpty();
    }

    @Test
    void productionCodeDependsOnNothingOfTheLab() {
        ArchRule rule = noClasses().that(DescribedPredicate.not(IN_THE_LAB))
                .should().dependOnClassesThat(IN_THE_LAB.or(resideInAnyPackage(LAB_ONLY_LIBRARIES)))
                .because("pitcrew.jar carries neither the lab nor the libraries only the lab needs");
        rule.check(PITCREW);
    }
}
