package dev.codeplatform.command;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.codeplatform.command", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theCommandSideKnowsNothingOfTheQuerySideExecutionOrGateway = noClasses()
            .that().resideInAPackage("dev.codeplatform.command..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.codeplatform.query..", "dev.codeplatform.execution..", "dev.codeplatform.gateway..")
            .because("command-side only shares event-schema with the other modules");

    @ArchTest
    static final ArchRule aggregatesAndPoliciesDoNotDependOnSpring = noClasses()
            .that().resideInAnyPackage("dev.codeplatform.command.account..",
                    "dev.codeplatform.command.workspace..", "dev.codeplatform.command.session..")
            .and().haveSimpleNameNotStartingWith("Jdbc")
            .and().doNotHaveSimpleName("PasswordHashing")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("domain rules stay plain Java; only the JDBC adapters, password hashing and the wiring (CommandSideConfiguration) know Spring");
}
