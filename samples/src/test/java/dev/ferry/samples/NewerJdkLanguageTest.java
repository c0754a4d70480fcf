package dev.ferry.samples;

import static dev.ferry.samples.AgentEndToEndTest.JDK25;
import static dev.ferry.samples.AgentEndToEndTest.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code written for newer JDKs than Ferry is built for, compiled by JDK 25's javac and moved while
 * it runs on JDK 25 — twice, each time through a snapshot file into a new JVM — prints what a
 * straight run prints. Skipped where JDK 25 is not installed.
 */
class NewerJdkLanguageTest {
    /** A Lisp interpreter in JDK 21's language: pattern matching switch, record patterns, sealed types. */
    @Test
    void aJdk21Program_movesMidRun(@TempDir Path dir) throws Exception {
        Path classes = compile(Path.of("src/test/jdk21/dev/ferry/jdk21/Lisp.java"), "21", dir);
        String straight = moveTwice(classes, "dev.ferry.jdk21.Lisp", dir);
        assertTrue(straight.contains("46368"), straight);
    }

    /** A compact source file (JEP 512): no class declaration, an instance {@code void main()}, {@code IO.println}. */
    @Test
    void aJdk25CompactSourceFile_withAnInstanceMain_movesMidRun(@TempDir Path dir) throws Exception {
        Path classes = compile(Path.of("src/test/jdk25/Compact.java"), "25", dir);
        String straight = moveTwice(classes, "Compact", dir);
        assertTrue(straight.startsWith("0 "), straight);
    }

    private static Path compile(Path source, String release, Path dir) throws Exception {
        assumeTrue(Files.isExecutable(JDK25.resolve("bin/javac")), "JDK 25 is not installed at " + JDK25);
        Path classes = dir.resolve("classes");
        Process javac = new ProcessBuilder(JDK25.resolve("bin/javac").toString(), "--release", release, "-d",
                classes.toString(), source.toString()).inheritIO().start();
        assertTrue(javac.waitFor(120, TimeUnit.SECONDS), "javac finished");
        assertEquals(0, javac.exitValue(), "javac compiled " + source);
        return classes;
    }

    /** Runs the program straight, then dumped, restored and dumped again, and restored; returns the straight output. */
    private static String moveTwice(Path classes, String className, Path dir) throws Exception {
        String cp = classes.toString();
        AgentEndToEndTest.Result straight = ferry(JDK25, "run", "--cp", cp, className);
        assertEquals(0, straight.exit(), straight.err());
        Path first = dir.resolve("first.snapshot");
        Path second = dir.resolve("second.snapshot");
        AgentEndToEndTest.Result dump = ferry(JDK25, "dump", "--cp", cp, "--after", "150ms", "--out", first.toString(),
                className);
        assertEquals(0, dump.exit(), dump.err());
        assertTrue(Files.exists(first), dump.err());
        AgentEndToEndTest.Result middle = ferry(JDK25, "restore", "--cp", cp, "--after", "300ms", "--out", second.toString(),
                first.toString());
        assertEquals(0, middle.exit(), middle.err());
        assertTrue(Files.exists(second), "captured again: " + middle.err());
        AgentEndToEndTest.Result last = ferry(JDK25, "restore", "--cp", cp, second.toString());
        assertEquals(0, last.exit(), last.err());
        assertEquals(straight.out(), dump.out() + middle.out() + last.out());
        return straight.out();
    }
}
