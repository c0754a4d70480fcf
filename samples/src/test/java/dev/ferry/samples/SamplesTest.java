package dev.ferry.samples;

import static dev.ferry.samples.AgentEndToEndTest.JDK25;
import static dev.ferry.samples.AgentEndToEndTest.ferry;
import static dev.ferry.samples.AgentEndToEndTest.javaHome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.agent.rewrite.AsmClassRewriter;
import dev.ferry.agent.rewrite.FileClassPath;
import dev.ferry.runtime.classfile.InstrumentationMark;
import dev.ferry.runtime.engine.ClassRewriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample, as the Ferry Maven plugin built it, in separate JVMs under the packaged agent: moved
 * between class loaders every 25 ms, or dumped to a file and restored in another JVM (JDK 25 when
 * installed), it prints exactly the bytes a run without moves prints. Sizes are small: each run
 * takes well under a second on its own.
 */
class SamplesTest {
    private static final Path CLASSES = Path.of("target/classes");

    static Stream<Arguments> samples() {
        return Stream.of(
                sample("Counter", "30", "20"),
                sample("Primes", "60000000"),
                sample("NBody", "4000000"),
                sample("WordFreq", "400000"),
                sample("Mandelbrot", "78", "32", "200000"),
                sample("DeepRecursion", "3000", "6"));
    }

    private static Arguments sample(String name, String... args) {
        return Arguments.of(name, args);
    }

    /** Plain runs by sample name: each test compares against the same one. */
    private static final Map<String, AgentEndToEndTest.Result> PLAIN = new ConcurrentHashMap<>();

    private static String plainOutput(String name, String[] args) throws Exception {
        AgentEndToEndTest.Result plain = PLAIN.get(name);
        if (plain == null) {
            plain = ferry(javaHome("17"), command(List.of("run", "--cp", CLASSES.toString()), name, args));
            PLAIN.put(name, plain);
        }
        assertEquals(0, plain.exit(), plain.err());
        assertTrue(plain.out().lines().count() >= 5, "the sample prints its progress: " + plain.out());
        return plain.out();
    }

    private static String[] command(List<String> head, String name, String[] args) {
        List<String> command = new ArrayList<>(head);
        command.add("dev.ferry.samples." + name);
        Collections.addAll(command, args);
        return command.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void movedBetweenClassLoadersEvery25ms_printsByteIdenticalOutput(String name, String[] args) throws Exception {
        String expected = plainOutput(name, args);
        AgentEndToEndTest.Result moved = ferry(javaHome("17"), command(List.of("run", "--cp", CLASSES.toString(),
                "--hop-every", "25ms", "--hops", "8"), name, args));
        assertEquals(0, moved.exit(), moved.err());
        assertEquals(expected, moved.out(), moved.err());
        long hops = moved.err().lines().filter(l -> l.startsWith("[ferry] hop ")).count();
        assertTrue(hops >= 2, "moved at least twice: " + moved.err());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void dumpedAndRestoredInAnotherJvm_printsByteIdenticalOutput(String name, String[] args, @TempDir Path dir)
            throws Exception {
        String expected = plainOutput(name, args);
        Path snapshot = dir.resolve(name + ".snapshot");
        AgentEndToEndTest.Result dump = dump(name, args, snapshot, "100ms");
        if (!Files.exists(snapshot) && dump.err().contains("no snapshot written")) {
            dump = dump(name, args, snapshot, "10ms"); // a fast machine finished the sample first: capture sooner
        }
        assertEquals(0, dump.exit(), dump.err());
        assertTrue(Files.exists(snapshot), "a snapshot was written: " + dump.err());
        Path jdk = Files.isExecutable(JDK25.resolve("bin/java")) ? JDK25 : javaHome("17");
        AgentEndToEndTest.Result restore = ferry(jdk, "restore", "--cp", CLASSES.toString(), snapshot.toString());
        assertEquals(0, restore.exit(), restore.err());
        assertEquals(expected, dump.out() + restore.out(), restore.err());
    }

    private static AgentEndToEndTest.Result dump(String name, String[] args, Path snapshot, String after) throws Exception {
        return ferry(javaHome("17"), command(List.of("dump", "--cp", CLASSES.toString(), "--after", after, "--out",
                snapshot.toString()), name, args));
    }

    @Test
    void everySampleClass_wasRewrittenAtBuildTime_byThisEngine() throws Exception {
        List<Path> classes;
        try (Stream<Path> files = Files.walk(CLASSES.resolve("dev/ferry/samples"))) {
            classes = files.filter(f -> f.toString().endsWith(".class")).toList();
        }
        assertTrue(classes.size() >= 6, classes.toString());
        for (Path file : classes) {
            InstrumentationMark mark = InstrumentationMark.read(Files.readAllBytes(file));
            assertNotNull(mark, file + " carries the plugin's mark");
            assertEquals(AsmClassRewriter.ENGINE_VERSION, mark.engineVersion(), file.toString());
        }
    }

    @Test
    void run_ofAClassInstrumentedForAnotherEngine_isRefused_namingTheClassAndBothVersions(@TempDir Path dir)
            throws Exception {
        // An "older build" of the agent module's corpus Counter: rewritten, and marked with engine version 0-old.
        Path corpus = Path.of("../agent/target/test-classes").toAbsolutePath().normalize();
        Path relative = Path.of("dev/ferry/corpus/Counter.class");
        ClassRewriter.RewrittenClass rewritten;
        try (FileClassPath view = new FileClassPath(List.of(corpus))) {
            rewritten = new AsmClassRewriter().rewrite("dev.ferry.corpus.Counter", Files.readAllBytes(corpus.resolve(relative)), view);
        }
        Files.createDirectories(dir.resolve(relative).getParent());
        Files.write(dir.resolve(relative), new InstrumentationMark("0-old", rewritten.meta()).addTo(rewritten.bytes()));
        AgentEndToEndTest.Result r = ferry(javaHome("17"), "run", "--cp", dir.toString(), "dev.ferry.corpus.Counter", "3");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("class dev.ferry.corpus.Counter was instrumented at build time for Ferry engine version"
                + " 0-old, but this Ferry runs engine version " + AsmClassRewriter.ENGINE_VERSION), r.err());
        assertEquals("", r.out(), "nothing ran");
    }
}
