package io.pitcrew.build;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every test that loads Helm (helm-java runs it as a Go library in the JVM) is tagged "chart", so the pom's chart-tests
 * execution runs it in a JVM of its own and the default one never does: an untagged one would share a process with the
 * Go runtime's signal handlers, which once hung a later test.
 */
class ChartTestsAloneTest {

    static final JavaClasses TESTS = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages("io.pitcrew");

    static final DescribedPredicate<JavaClass> TAGGED_CHART = DescribedPredicate.describe("tagged \"chart\"",
            c -> c.tryGetAnnotationOfType(Tag.class).map(t -> t.value().equals("chart")).orElse(false));

    @Test
    void everyTestThatLoadsHelmIsTaggedChart() {
        ArchCondition<JavaClass> loadsHelm = ArchConditions.dependOnClassesThat(
                resideInAnyPackage("com.marcnuri.helm..").or(resideInAnyPackage("io.pitcrew.deploy").and(simpleNameEndingWith("Chart"))));
        ArchRule rule = classes().that(simpleNameEndingWith("Test")).and(DescribedPredicate.not(TAGGED_CHART))
                .should(ArchConditions.not(loadsHelm))
                .because("a test that loads Helm runs in the chart-tests execution's JVM, chosen by its tag (see pom.xml)");
        rule.check(TESTS);
    }

    @Test
    void theChartTestsAreFoundAndTagged() {
        // the rule above is only as good as what it reads: the chart's tests are among the classes, tagged
        assertThat(TESTS.stream().filter(simpleNameEndingWith("Test")).filter(TAGGED_CHART).map(JavaClass::getSimpleName))
                .contains("ChartTest", "FixPermissionsTest", "RenderedManifestsTest");
    }
}
