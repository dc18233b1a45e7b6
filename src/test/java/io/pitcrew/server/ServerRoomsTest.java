package io.pitcrew.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The rooms of {@code pitcrew serve} and which way they may lean (docs/architecture.md): detection knows nothing of
 * HTTP, access nothing of what it guards, pages and the API sit on both, and {@code Serve} alone puts them together.
 * A new edge between them is a deliberate change here.
 */
class ServerRoomsTest {

    static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pitcrew.server");

    @Test
    void theRoomsLeanOneWay() {
        Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("serve").definedBy("io.pitcrew.server")
                .layer("api").definedBy("io.pitcrew.server.api..")
                .layer("pages").definedBy("io.pitcrew.server.pages..")
                .layer("access").definedBy("io.pitcrew.server.access..")
                .layer("http").definedBy("io.pitcrew.server.http..")
                .layer("detection").definedBy("io.pitcrew.server.detection..")
                .whereLayer("serve").mayNotBeAccessedByAnyLayer()
                .whereLayer("api").mayOnlyBeAccessedByLayers("serve")
                .whereLayer("pages").mayOnlyBeAccessedByLayers("api")
                .whereLayer("access").mayOnlyBeAccessedByLayers("serve", "api", "pages")
                .whereLayer("http").mayOnlyBeAccessedByLayers("serve", "api", "pages", "access")
                .whereLayer("detection").mayOnlyBeAccessedByLayers("serve", "api", "pages")
                .check(SERVER);
    }

    @Test
    void detectionServesNoHttp() {
        noClasses().that().resideInAPackage("io.pitcrew.server.detection..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..")
                .because("detection runs the same whether anyone asks over HTTP or not")
                .check(SERVER);
    }
}
