package dev.ferry.samples;

import static dev.ferry.samples.AgentEndToEndTest.JDK25;
import static dev.ferry.samples.AgentEndToEndTest.ferry;
import static dev.ferry.samples.AgentEndToEndTest.javaHome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ferry dump}, {@code restore} and {@code inspect} in separate JVMs: a program captured to a
 * file, resumed from it in a new JVM (JDK 25 when installed), captured again, and resumed once more
 * on JDK 17, prints exactly what a straight run prints.
 */
class SnapshotEndToEndTest {
    private static final String CORPUS = Path.of("../agent/target/test-classes").toAbsolutePath().normalize().toString();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Interpreter", "Sieve", "MatrixKernel", "ModernJava", "EnumBodies", "ThreadLocalState", "IdentityKeys", "TransientResources",
        "NumericState", "CustomIterators", "StreamsAndSorting", "ParallelWork", "JdkToolbox", "InternedSymbols", "LegacyTables",
        "ParticleWorld", "CalendarWork", "ConstructorWork", "TransientCaches", "ReflectiveCalls", "HandleFields", "TaskStreams"})
    void dumpRestoreDumpRestore_acrossJvmsAndJdks_printsWhatAStraightRunPrints(String program, @TempDir Path dir)
            throws Exception {
        String cls = "dev.ferry.corpus." + program;
        AgentEndToEndTest.Result straight = ferry(javaHome("17"), "run", "--cp", CORPUS, cls);
        assertEquals(0, straight.exit(), straight.err());
        Path first = dir.resolve("first.snapshot");
        Path second = dir.resolve("second.snapshot");
        Path middleJdk = Files.isExecutable(JDK25.resolve("bin/java")) ? JDK25 : javaHome("17");

        AgentEndToEndTest.Result dump = ferry(javaHome("17"), "dump", "--cp", CORPUS, "--after", "15ms", "--out",
                first.toString(), cls);
        if (!Files.exists(first) && dump.err().contains("no snapshot written")) {
            // a fast machine finished the program before its first capture: capture sooner
            dump = ferry(javaHome("17"), "dump", "--cp", CORPUS, "--after", "2ms", "--out", first.toString(), cls);
        }
        assertEquals(0, dump.exit(), dump.err());
        assertTrue(Files.exists(first), "a snapshot was written: " + dump.err());
        AgentEndToEndTest.Result middle = ferry(middleJdk, "restore", "--cp", CORPUS, "--after", "30ms", "--out",
                second.toString(), first.toString());
        assertEquals(0, middle.exit(), middle.err());
        String output = dump.out() + middle.out();
        if (Files.exists(second)) {
            AgentEndToEndTest.Result last = ferry(javaHome("17"), "restore", "--cp", CORPUS, second.toString());
            assertEquals(0, last.exit(), last.err());
            output += last.out();
        }
        assertEquals(straight.out(), output, middle.err());
    }

    /**
     * Each JVM walks {@code Set.of}/{@code Map.of} collections from a random start in a random
     * direction. Restored until one restore lands in a JVM walking the other way (the program says so
     * on stderr; half of all JVMs do), a loop captured part way through such a collection must go on
     * with exactly the elements it had still to see.
     */
    @Test
    void restore_inAJvmThatWalksSetOfTheOtherWay_goesOnWithTheElementsTheLoopHadStillToSee(@TempDir Path dir)
            throws Exception {
        String cls = "dev.ferry.corpus.SaltedIteration";
        AgentEndToEndTest.Result straight = ferry(javaHome("17"), "run", "--cp", CORPUS, cls, "400");
        assertEquals(0, straight.exit(), straight.err());
        Path snapshot = dir.resolve("salted.snapshot");
        AgentEndToEndTest.Result dump = ferry(javaHome("17"), "dump", "--cp", CORPUS, "--after", "60ms", "--out",
                snapshot.toString(), cls, "400");
        assertEquals(0, dump.exit(), dump.err());
        assertTrue(Files.exists(snapshot), "a snapshot was written: " + dump.err());
        Path otherJdk = Files.isExecutable(JDK25.resolve("bin/java")) ? JDK25 : javaHome("17");
        for (int attempt = 0; attempt < 16; attempt++) {
            AgentEndToEndTest.Result restored = ferry(attempt % 2 == 0 ? otherJdk : javaHome("17"), "restore", "--cp",
                    CORPUS, snapshot.toString());
            assertEquals(0, restored.exit(), restored.err());
            assertEquals(straight.out(), dump.out() + restored.out(), restored.err());
            if (restored.err().contains("walks Set.of the other way")) {
                return;
            }
        }
        throw new AssertionError("16 restores in a row walked Set.of the way the capturing JVM did (a 1 in 65,536 chance)");
    }

    @Test
    void inspect_showsFramesWithSourceLinesAndLocalNames_andAHeapSummary(@TempDir Path dir) throws Exception {
        Path snapshot = dumpCounter(dir);
        AgentEndToEndTest.Result view = ferry(javaHome("17"), "inspect", snapshot.toString());
        assertEquals(0, view.exit(), view.err());
        assertTrue(view.out().contains("dev.ferry.samples.Counter.main([Ljava/lang/String;)V   line "), view.out());
        assertTrue(view.out().contains("      i: "), "the loop counter, by name: " + view.out());
        assertTrue(view.out().contains("heap: "), view.out());
    }

    @Test
    void inspectYaml_showsTheDocumentAsStored(@TempDir Path dir) throws Exception {
        Path snapshot = dumpCounter(dir);
        AgentEndToEndTest.Result inspect = ferry(javaHome("17"), "inspect", "--yaml", snapshot.toString());
        assertEquals(0, inspect.exit(), inspect.err());
        assertTrue(inspect.out().contains("class: dev.ferry.samples.Counter"), inspect.out());
        assertTrue(inspect.out().contains("frames: ["), inspect.out());
        assertTrue(inspect.out().contains("sha256:"), inspect.out());
    }

    /** The Counter sample, captured at about its eighth number. */
    private static Path dumpCounter(Path dir) throws Exception {
        Path snapshot = dir.resolve("c.snapshot");
        AgentEndToEndTest.Result dump = ferry(javaHome("17"), "dump", "--cp", "target/classes", "--after", "150ms",
                "--out", snapshot.toString(), "dev.ferry.samples.Counter", "20", "20");
        assertEquals(0, dump.exit(), dump.err());
        return snapshot;
    }

    @Test
    void restore_ofATruncatedSnapshot_failsClearly_andRunsNothing(@TempDir Path dir) throws Exception {
        Path snapshot = dumpCounter(dir);
        byte[] bytes = Files.readAllBytes(snapshot);
        Files.write(snapshot, Arrays.copyOf(bytes, bytes.length / 2));
        AgentEndToEndTest.Result r = ferry(javaHome("17"), "restore", "--cp", "target/classes", snapshot.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("truncated or corrupt"), r.err());
        assertEquals("", r.out(), "nothing ran");
    }

    @Test
    void restore_ofASnapshotFromAnotherEngineVersion_isRefusedNamingBoth_andRunsNothing() throws Exception {
        // The golden snapshot was recorded under engine version 1, whose resume points differ from today's.
        Path old = Path.of("../runtime/src/test/resources/golden/sample-v1.snapshot");
        AgentEndToEndTest.Result r = ferry(javaHome("17"), "restore", "--cp", "target/classes", old.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("captured under Ferry engine version 1, and this JVM runs engine version "
                + dev.ferry.agent.rewrite.AsmClassRewriter.ENGINE_VERSION), r.err());
        assertEquals("", r.out(), "nothing ran");
    }

    @Test
    void dump_ofATaskHoldingAThread_namesThePath_andTheTaskRunsOn(@TempDir Path dir) throws Exception {
        Path snapshot = dir.resolve("t.snapshot");
        AgentEndToEndTest.Result r = ferry(javaHome("17"), "dump", "--cp", "target/test-classes", "--after", "100ms",
                "--out", snapshot.toString(), "dev.ferry.samples.HoldsThread");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("local #") && r.err().contains("java.lang.Thread"), r.err());
        assertFalse(Files.exists(snapshot), "no snapshot is written");
        assertEquals(8, r.out().lines().count(), "the task ran to its end: " + r.out());
    }
}
