package dev.codeplatform.schema;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.codeplatform.schema", importOptions = ImportOption.DoNotIncludeTests.class)
class SchemaArchitectureTest {

    @ArchTest
    static final ArchRule the_schema_depends_on_nothing_else_in_the_reactor = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.codeplatform.command..", "dev.codeplatform.query..",
                    "dev.codeplatform.execution..", "dev.codeplatform.gateway..");

    @ArchTest
    static final ArchRule the_schema_knows_no_spring_jpa_or_r2dbc = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                    "javax.persistence..", "io.r2dbc..", "org.hibernate..");
}
