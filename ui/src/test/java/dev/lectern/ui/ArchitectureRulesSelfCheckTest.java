package dev.lectern.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.lectern.app.archfixture.TikaOutsideParsing;
import dev.lectern.app.cli.archfixture.CliPrinter;
import dev.lectern.parsing.archfixture.ParsingReachingUp;
import dev.lectern.ui.archfixture.SomeTestPrinter;
import org.junit.jupiter.api.Test;

/**
 * Proves that the rules of {@link ArchitectureTest} can fail. With {@code failOnEmptyShould=false}
 * a rule that silently matches nothing would pass forever; here each rule meets a test-only class
 * that breaks it.
 */
class ArchitectureRulesSelfCheckTest {

    @Test
    void systemOutRuleCatchesAPrintingClass() {
        JavaClasses classes = new ClassFileImporter().importClasses(SomeTestPrinter.class);

        EvaluationResult result = ArchitectureTest.NO_SYSTEM_OUT_OUTSIDE_CLI.evaluate(classes);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(detail -> assertThat(detail).contains(SomeTestPrinter.class.getName()));
    }

    @Test
    void systemOutRuleAllowsTheCli() {
        JavaClasses classes = new ClassFileImporter().importClasses(CliPrinter.class);

        assertThat(ArchitectureTest.NO_SYSTEM_OUT_OUTSIDE_CLI.evaluate(classes).hasViolation()).isFalse();
    }

    @Test
    void printStackTraceRuleCatchesACallOnAnExceptionSubclass() {
        JavaClasses classes = new ClassFileImporter().importClasses(SomeTestPrinter.class);

        assertThat(ArchitectureTest.NO_PRINT_STACK_TRACE_OUTSIDE_CLI.evaluate(classes).hasViolation()).isTrue();
    }

    @Test
    void javaUtilLoggingRuleCatchesALoggerCall() {
        JavaClasses classes = new ClassFileImporter().importClasses(SomeTestPrinter.class);

        assertThat(ArchitectureTest.NO_JAVA_UTIL_LOGGING_OUTSIDE_CLI.evaluate(classes).hasViolation()).isTrue();
    }

    @Test
    void layerRuleCatchesParsingReachingUpIntoApp() {
        JavaClasses classes = new ClassFileImporter().importClasses(ParsingReachingUp.class, CliPrinter.class);

        EvaluationResult result = ArchitectureTest.LAYERS_ONLY_LOOK_DOWN_THE_CHAIN.evaluate(classes);

        assertThat(result.hasViolation()).isTrue();
    }

    @Test
    void tikaRuleCatchesTikaTypesOutsideParsing() {
        JavaClasses classes = new ClassFileImporter().importClasses(TikaOutsideParsing.class);

        assertThat(ArchitectureTest.TIKA_ONLY_IN_PARSING.evaluate(classes).hasViolation()).isTrue();
    }
}
