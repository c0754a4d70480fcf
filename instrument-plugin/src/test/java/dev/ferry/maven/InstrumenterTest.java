package dev.ferry.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.agent.rewrite.AsmClassRewriter;
import dev.ferry.runtime.classfile.InstrumentationMark;
import dev.ferry.runtime.engine.ClassMeta;
import dev.ferry.runtime.engine.MethodMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instrumenter on a copy of the fixture classes, with the fixture's "library" in a jar. */
class InstrumenterTest {
    private static final Path TEST_CLASSES = Path.of("target/test-classes");
    private static final Path FIXTURE = TEST_CLASSES.resolve("dev/ferry/maven/fixture");
    private static final String PKG = "dev/ferry/maven/fixture/";

    @TempDir
    Path dir;
    Path classes;
    Path libJar;

    @BeforeEach
    void copyFixture() throws IOException {
        classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve(PKG));
        for (String c : List.of("Job", "Step", "Skipped")) {
            Files.copy(FIXTURE.resolve(c + ".class"), classes.resolve(PKG + c + ".class"));
        }
        libJar = dir.resolve("lib.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(libJar))) {
            jar.putNextEntry(new ZipEntry(PKG + "Lib.class"));
            jar.write(Files.readAllBytes(FIXTURE.resolve("Lib.class")));
        }
    }

    private Instrumenter.Report instrument(List<String> excludes) throws Exception {
        return new Instrumenter(classes, List.of(classes, libJar), List.of(), new ClassNamePatterns(List.of(), excludes)).run();
    }

    private byte[] bytes(String simpleName) throws IOException {
        return Files.readAllBytes(classes.resolve(PKG + simpleName + ".class"));
    }

    @Test
    void firstRun_rewritesAndMarksSelectedClasses_andLeavesExcludedOnesAsCompiled() throws Exception {
        byte[] job = bytes("Job");
        byte[] skipped = bytes("Skipped");
        Instrumenter.Report report = instrument(List.of("**.Skipped"));
        assertEquals(new Instrumenter.Report(2, 0, 1, List.of()), report);
        assertEquals("rewrote 2 classes, skipped 0 already instrumented, 1 excluded", report.summary());
        InstrumentationMark mark = InstrumentationMark.read(bytes("Job"));
        assertNotNull(mark, "Job is marked");
        assertEquals(AsmClassRewriter.ENGINE_VERSION, mark.engineVersion());
        assertEquals(ClassMeta.fingerprintOf(job), mark.meta().fingerprint(), "the fingerprint of the class as compiled");
        assertArrayEquals(skipped, bytes("Skipped"), "an excluded class is untouched");
        assertNull(InstrumentationMark.read(bytes("Skipped")));
    }

    @Test
    void secondRun_skipsEveryInstrumentedClass_andWritesNothing() throws Exception {
        instrument(List.of());
        FileTime written = Files.getLastModifiedTime(classes.resolve(PKG + "Job.class"));
        byte[] job = bytes("Job");
        Instrumenter.Report again = instrument(List.of());
        assertEquals(new Instrumenter.Report(0, 3, 0, List.of()), again);
        assertArrayEquals(job, bytes("Job"));
        assertEquals(written, Files.getLastModifiedTime(classes.resolve(PKG + "Job.class")));
    }

    @Test
    void recompiledClass_isTheOnlyOneRewritten() throws Exception {
        instrument(List.of());
        Files.copy(FIXTURE.resolve("Step.class"), classes.resolve(PKG + "Step.class"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(new Instrumenter.Report(1, 2, 0, List.of()), instrument(List.of()));
        assertNotNull(InstrumentationMark.read(bytes("Step")));
    }

    @Test
    void classThatCannotBeRewritten_isReportedWithItsReason_andTheOthersAreRewrittenAllTheSame() throws Exception {
        Path broken = classes.resolve(PKG + "Broken.class");
        Files.writeString(broken, "not bytecode");
        Instrumenter.Report report = instrument(List.of());
        assertEquals(3, report.rewritten());
        assertEquals(1, report.failures().size());
        Instrumenter.Failure failure = report.failures().get(0);
        assertEquals("dev.ferry.maven.fixture.Broken", failure.className());
        assertTrue(failure.reason().contains("is not a class file"), failure.reason());
        assertEquals("not bytecode", Files.readString(broken), "left as it was");
        assertTrue(report.summary().endsWith(", 1 could not be rewritten"), report.summary());
    }

    @Test
    void classInstrumentedForAnotherEngineVersion_failsTheRun_askingForACleanBuild() throws Exception {
        instrument(List.of());
        InstrumentationMark mark = InstrumentationMark.read(bytes("Step"));
        // What an older plugin would have left: the rewritten class marked with its engine version.
        byte[] unmarkedRewrite;
        try (dev.ferry.agent.rewrite.FileClassPath view = new dev.ferry.agent.rewrite.FileClassPath(List.of(TEST_CLASSES))) {
            unmarkedRewrite = new AsmClassRewriter().rewrite("dev.ferry.maven.fixture.Step",
                    Files.readAllBytes(FIXTURE.resolve("Step.class")), view).bytes();
        }
        Files.write(classes.resolve(PKG + "Step.class"), new InstrumentationMark("0-old", mark.meta()).addTo(unmarkedRewrite));
        Instrumenter.StaleClassException e = assertThrows(Instrumenter.StaleClassException.class, () -> instrument(List.of()));
        assertTrue(e.getMessage().contains("class dev.ferry.maven.fixture.Step was instrumented for Ferry engine version 0-old"),
                e.getMessage());
        assertTrue(e.getMessage().contains("mvn clean"), e.getMessage());
    }

    @Test
    void aLibraryOnTheClassPath_isTaskCode_soACallIntoItIsAResumePoint_butAProvidedOneIsNot() throws Exception {
        MethodMeta withLibrary = mainOfJob(List.of(classes, libJar), List.of());
        MethodMeta provided = mainOfJob(List.of(classes), List.of(libJar));
        MethodMeta withoutLibrary = mainOfJob(List.of(classes), List.of());
        // Lib.twice is static: a call into code the agent will not rewrite can never capture.
        assertEquals(withoutLibrary.capturableBcis().length + 1, withLibrary.capturableBcis().length,
                withLibrary + " vs " + withoutLibrary);
        assertEquals(withoutLibrary, provided, "classes the host provides are not task code");
        assertEquals(withLibrary, mainOfJob(List.of(classes, libJar), List.of(libJar)), "on both: task code");
    }

    private MethodMeta mainOfJob(List<Path> classPath, List<Path> hostClassPath) throws Exception {
        Files.copy(FIXTURE.resolve("Job.class"), classes.resolve(PKG + "Job.class"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        new Instrumenter(classes, classPath, hostClassPath, new ClassNamePatterns(List.of("**.Job"), List.of())).run();
        return InstrumentationMark.read(bytes("Job")).meta().methods().get("main([Ljava/lang/String;)V");
    }

    @Test
    void missingClassesDirectory_isNothingToDo() throws Exception {
        Instrumenter.Report report = new Instrumenter(dir.resolve("none"), List.of(), List.of(), new ClassNamePatterns(List.of(), List.of())).run();
        assertEquals(new Instrumenter.Report(0, 0, 0, List.of()), report);
    }

    @Test
    void patterns_matchBinaryClassNames() {
        ClassNamePatterns onePackage = new ClassNamePatterns(List.of("com.acme.*"), List.of("com.acme.*Test"));
        assertTrue(onePackage.selects("com.acme.Job"));
        assertTrue(onePackage.selects("com.acme.Job$Step"), "nested classes are in the package");
        assertFalse(onePackage.selects("com.acme.sub.Job"), "* stops at a dot");
        assertFalse(onePackage.selects("com.acme.JobTest"), "excluded");
        assertTrue(new ClassNamePatterns(List.of("com.**"), List.of()).selects("com.acme.sub.Job"));
        assertTrue(new ClassNamePatterns(List.of("com.acme.Jo?"), List.of()).selects("com.acme.Job"));
        assertTrue(new ClassNamePatterns(List.of(), List.of()).selects("Anything"), "no includes: every class");
        IllegalArgumentException slash = assertThrows(IllegalArgumentException.class,
                () -> new ClassNamePatterns(List.of("com/acme/**"), List.of()));
        assertTrue(slash.getMessage().contains("not paths"), slash.getMessage());
    }
}
