package io.pitcrew.build;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** pitcrew's compiled classes, production and lab, without the tests: read once for every architecture test. */
final class ProductionClasses {

    static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pitcrew");

    private ProductionClasses() {}
}
