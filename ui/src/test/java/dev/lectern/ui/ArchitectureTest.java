package dev.lectern.ui;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/**
 * The architecture of the whole chain, checked on the production classes of every module.
 *
 * <p>It lives in {@code ui} because {@code ui} is the top of the chain and sees every other module
 * on its test classpath. Indexing, inference and ui have few or no classes yet, so their layers are
 * optional and {@code archunit.properties} sets {@code archRule.failOnEmptyShould=false}: a rule
 * that matches nothing today passes and starts biting as soon as code arrives.
 *
 * <p>{@link ArchitectureRulesSelfCheckTest} proves that the rules do fail on offending classes.
 */
@AnalyzeClasses(packages = "dev.lectern", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String CLI = "dev.lectern.app.cli..";

    // ---- the one-way chain: parsing -> indexing -> inference -> app -> ui ----

    @ArchTest
    static final ArchRule LAYERS_ONLY_LOOK_DOWN_THE_CHAIN = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("Parsing").definedBy("dev.lectern.parsing..")
            .layer("Indexing").definedBy("dev.lectern.indexing..")
            .layer("Inference").definedBy("dev.lectern.inference..")
            .layer("App").definedBy("dev.lectern.app..")
            .layer("Ui").definedBy("dev.lectern.ui..")
            .whereLayer("Parsing").mayNotAccessAnyLayer()
            .whereLayer("Indexing").mayOnlyAccessLayers("Parsing")
            .whereLayer("Inference").mayOnlyAccessLayers("Parsing", "Indexing")
            .whereLayer("App").mayOnlyAccessLayers("Parsing", "Indexing", "Inference")
            .because("the modules form the one-way chain parsing -> indexing -> inference -> app -> ui: "
                    + "a lower module reaching up would need a module it cannot see and would tangle the build");

    @ArchTest
    static final ArchRule NO_CYCLES_BETWEEN_TOP_LEVEL_PACKAGES = slices()
            .matching("dev.lectern.(*)..")
            .should().beFreeOfCycles()
            .because("each top-level package is one module of the chain, and modules must not depend on each other in a circle");

    // ---- output and logging ----

    @ArchTest
    static final ArchRule NO_SYSTEM_OUT_OUTSIDE_CLI = noClasses()
            .that().resideOutsideOfPackage(CLI)
            .should().accessField(System.class, "out")
            .because("only the command line writes to stdout (where --json output goes); everything else logs through SLF4J");

    @ArchTest
    static final ArchRule NO_SYSTEM_ERR_OUTSIDE_CLI = noClasses()
            .that().resideOutsideOfPackage(CLI)
            .should().accessField(System.class, "err")
            .because("only the command line talks to the terminal; everything else logs through SLF4J so levels and targets stay configurable");

    @ArchTest
    static final ArchRule NO_PRINT_STACK_TRACE_OUTSIDE_CLI = noClasses()
            .that().resideOutsideOfPackage(CLI)
            .should().callMethodWhere(describe("target is Throwable.printStackTrace()",
                    call -> call.getName().equals("printStackTrace")
                            && call.getTargetOwner().isAssignableTo(Throwable.class)))
            .because("printStackTrace() writes to stderr behind the logger's back: log the exception through SLF4J instead");

    @ArchTest
    static final ArchRule NO_JAVA_UTIL_LOGGING = GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING
            .because("Lectern logs through SLF4J (Logback in the app); java.util.logging is only bridged, never called");

    /** The general rule above only sees JUL-typed fields; this one sees any use outside the CLI's bridge set-up. */
    @ArchTest
    static final ArchRule NO_JAVA_UTIL_LOGGING_OUTSIDE_CLI = noClasses()
            .that().resideOutsideOfPackage(CLI)
            .should().dependOnClassesThat().resideInAPackage("java.util.logging..")
            .because("Lectern logs through SLF4J; only the CLI may touch java.util.logging, to route it into SLF4J");

    // ---- library containment: library types stay inside their module ----

    @ArchTest
    static final ArchRule TIKA_ONLY_IN_PARSING = noClasses()
            .that().resideOutsideOfPackage("dev.lectern.parsing..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.tika..")
            .because("Tika is wrapped by parsing's own TextExtractor; the rest of Lectern sees only Document and Chunk");

    @ArchTest
    static final ArchRule PDFBOX_ONLY_IN_PARSING_AND_UI = noClasses()
            .that().resideOutsideOfPackages("dev.lectern.parsing..", "dev.lectern.ui..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.pdfbox..")
            .because("PDFBox extracts text in parsing and may render pages for the viewer in ui, nowhere else");

    @ArchTest
    static final ArchRule LUCENE_ONLY_IN_INDEXING = noClasses()
            .that().resideOutsideOfPackage("dev.lectern.indexing..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.lucene..")
            .because("Lucene is hidden behind indexing's Retriever; callers get Passages, never Lucene documents or queries");

    @ArchTest
    static final ArchRule EMBEDDING_LIBRARIES_ONLY_IN_INDEXING = noClasses()
            .that().resideOutsideOfPackage("dev.lectern.indexing..")
            .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "dev.langchain4j..")
            .because("ONNX Runtime and LangChain4j are hidden behind indexing's Embedder; callers get plain float vectors");

    @ArchTest
    static final ArchRule LLAMA_ONLY_IN_INFERENCE = noClasses()
            .that().resideOutsideOfPackage("dev.lectern.inference..")
            .should().dependOnClassesThat().resideInAPackage("de.kherud.llama..")
            .because("llama.cpp is hidden behind inference's Generator, which may run it in a worker process");

    @ArchTest
    static final ArchRule JAVAFX_ONLY_IN_UI = noClasses()
            .that().resideOutsideOfPackage("dev.lectern.ui..")
            .should().dependOnClassesThat().resideInAPackage("javafx..")
            .because("JavaFX stays in ui so the CLI, the ingest pipeline and their tests run without a display");

    @ArchTest
    static final ArchRule VIEW_MODELS_WITHOUT_JAVAFX = noClasses()
            .that().resideInAPackage("dev.lectern.ui.vm..")
            .should().dependOnClassesThat().resideInAPackage("javafx..")
            .because("view-models are plain Java, unit-tested without starting JavaFX; views in dev.lectern.ui.view bind to them");
}
