package dev.codeplatform.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.codeplatform", importOptions = ImportOption.DoNotIncludeTests.class)
class QuerySideArchitectureTest {

    @ArchTest
    static final ArchRule the_query_side_does_not_see_the_command_side = noClasses()
            .that().resideInAPackage("dev.codeplatform.query..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.codeplatform.command..",
                    "dev.codeplatform.execution..", "dev.codeplatform.gateway..");
}
