package dev.ferry.agent.rewrite;

import static dev.ferry.agent.rewrite.CorpusRun.assertSameOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.runtime.classfile.InstrumentationMark;
import dev.ferry.runtime.engine.ClassMeta;
import dev.ferry.runtime.engine.ClassRewriter;
import dev.ferry.runtime.engine.IncompatibleInstrumentationException;
import dev.ferry.runtime.engine.RunningTask;
import dev.ferry.runtime.engine.Tasks;
import dev.ferry.runtime.heap.HeapCopier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Classes rewritten at build time ({@link AsmClassRewriter#instrument}, what the Maven plugin calls)
 * are defined by the task class loader as they are, carry the original's fingerprint, and move to
 * and from hosts where the agent rewrites the plain classes as they load.
 */
class PreInstrumentedTest {
    @TempDir
    static Path dir;
    /** The corpus as compiled, alone on its class path. */
    static Path plain;
    /** The same classes rewritten and marked at build time. */
    static Path built;

    /** A rewriter that records which classes it was asked to rewrite, and from which class path directories. */
    static final class Recording implements ClassRewriter {
        final Set<String> rewritten = ConcurrentHashMap.newKeySet();
        final Set<String> rewrittenFromBuilt = ConcurrentHashMap.newKeySet();

        @Override
        public RewrittenClass rewrite(String className, byte[] original, ClassPathView classPath) {
            rewritten.add(className);
            if (classPath instanceof java.net.URLClassLoader loader && java.util.Arrays.stream(loader.getURLs())
                    .anyMatch(url -> url.toString().equals(built.toUri().toString()))) {
                rewrittenFromBuilt.add(className);
            }
            return CorpusRun.REWRITER.rewrite(className, original, classPath);
        }

        @Override
        public String engineVersion() {
            return CorpusRun.REWRITER.engineVersion();
        }
    }

    @BeforeAll
    static void buildCorpus() throws IOException {
        plain = dir.resolve("plain");
        built = dir.resolve("built");
        Path corpus = CorpusRun.TEST_CLASSES.resolve("dev/ferry/corpus");
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                Path relative = CorpusRun.TEST_CLASSES.relativize(file);
                Files.createDirectories(plain.resolve(relative).getParent());
                Files.copy(file, plain.resolve(relative));
            }
        }
        try (FileClassPath view = new FileClassPath(List.of(plain)); Stream<Path> files = Files.walk(plain)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                Path relative = plain.relativize(file);
                String name = relative.toString().replace(java.io.File.separatorChar, '.').replaceAll("\\.class$", "");
                Files.createDirectories(built.resolve(relative).getParent());
                Files.write(built.resolve(relative), CorpusRun.REWRITER.instrument(name, Files.readAllBytes(file), view).bytes());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DeepRecursion", "Dispatch", "Lambdas", "Collections", "EnumBodies"})
    void movedBackAndForthBetweenBuildTimeAndLoadTimeRewriting_printsWhatAStraightRunPrints(String program)
            throws Exception {
        String className = "dev.ferry.corpus." + program;
        long start = System.nanoTime();
        String expected = CorpusRun.straight(List.of(plain), className);
        long every = Math.max(1, (System.nanoTime() - start) / 8_000_000); // about eight captures a run
        Recording recording = new Recording();
        // Every move alternates: agent-rewritten plain classes, build-time classes, plain, ...
        int[] moves = {0};
        CorpusRun.Resumer alternate = (captured, continuation, options, classPath) -> Tasks.resume(
                List.of(++moves[0] % 2 == 1 ? plain : built), options, new HeapCopier(continuation));
        CorpusRun.Transcript hopped = CorpusRun.hoppingAtLeast(3, every, program.hashCode(), (pace, seed) -> {
            moves[0] = 0;
            return CorpusRun.hopping(recording, List.of(built), className, pace, seed, alternate);
        });
        assertSameOutput(expected, hopped, 3);
        assertTrue(recording.rewritten.contains(className), "the plain classes were rewritten as they loaded");
        assertEquals(Set.of(), recording.rewrittenFromBuilt, "the build-time classes were defined as they were");
    }

    @Test
    void buildTimeClass_isDefinedAsItIs_withTheMetadataItCarries() throws Exception {
        Recording recording = new Recording();
        PrintStream out = new PrintStream(new CorpusRun.Capped(), true);
        RunningTask task = Tasks.start(List.of(built), "dev.ferry.corpus.Counter", List.of("3"), CorpusRun.options(recording, out));
        task.exit().get();
        assertEquals(Set.of(), recording.rewritten, "no class was rewritten at load time");
    }

    @Test
    void mark_carriesTheOriginalsFingerprint_andTheSameMetadataTheAgentComputes() throws IOException {
        String name = "dev.ferry.corpus.Interpreter";
        Path relative = Path.of("dev/ferry/corpus/Interpreter.class");
        byte[] original = Files.readAllBytes(plain.resolve(relative));
        byte[] instrumented = Files.readAllBytes(built.resolve(relative));
        InstrumentationMark mark = InstrumentationMark.read(instrumented);
        assertEquals(AsmClassRewriter.ENGINE_VERSION, mark.engineVersion());
        assertEquals(ClassMeta.fingerprintOf(original), mark.meta().fingerprint());
        assertNotEquals(ClassMeta.fingerprintOf(instrumented), mark.meta().fingerprint());
        try (FileClassPath view = new FileClassPath(List.of(plain))) {
            ClassRewriter.RewrittenClass atLoad = CorpusRun.REWRITER.rewrite(name, original, view);
            assertEquals(atLoad.meta(), mark.meta());
            atLoad.meta().methods().forEach((key, meta) ->
                    assertEquals(meta.debug(), mark.meta().methods().get(key).debug(), key));
        }
    }

    @Test
    void classInstrumentedForAnotherEngineVersion_isRefused_namingTheClassAndBothVersions(@TempDir Path other)
            throws Exception {
        Path relative = Path.of("dev/ferry/corpus/Counter.class");
        ClassRewriter.RewrittenClass rewritten;
        try (FileClassPath view = new FileClassPath(List.of(plain))) {
            rewritten = CorpusRun.REWRITER.rewrite("dev.ferry.corpus.Counter", Files.readAllBytes(plain.resolve(relative)), view);
        }
        Files.createDirectories(other.resolve(relative).getParent());
        Files.write(other.resolve(relative), new InstrumentationMark("0-old", rewritten.meta()).addTo(rewritten.bytes()));
        PrintStream out = new PrintStream(new CorpusRun.Capped(), true);
        IncompatibleInstrumentationException e = assertThrows(IncompatibleInstrumentationException.class,
                () -> Tasks.start(List.of(other), "dev.ferry.corpus.Counter", List.of("3"), CorpusRun.options(out)));
        assertEquals("dev.ferry.corpus.Counter", e.className());
        assertTrue(e.getMessage().contains("class dev.ferry.corpus.Counter was instrumented at build time for Ferry engine"
                + " version 0-old, but this Ferry runs engine version " + AsmClassRewriter.ENGINE_VERSION), e.getMessage());
    }

    @Test
    void rewritingABuildTimeClassAgain_isRefused() throws IOException {
        byte[] instrumented = Files.readAllBytes(built.resolve("dev/ferry/corpus/Counter.class"));
        try (FileClassPath view = new FileClassPath(List.of(built))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CorpusRun.REWRITER.rewrite("dev.ferry.corpus.Counter", instrumented, view));
            assertTrue(e.getMessage().contains("already rewritten at build time"), e.getMessage());
        }
    }
}
