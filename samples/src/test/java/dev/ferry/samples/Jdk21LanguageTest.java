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
 * Code written for a newer JDK than Ferry is built for: a program using JDK 21's language (pattern
 * matching switch, record patterns, sealed types), compiled with {@code --release 21} by JDK 25's
 * javac, moved twice while it runs on JDK 25, each time through a snapshot file into a new JVM,
 * prints what a straight run prints.
 */
class Jdk21LanguageTest {
    private static final Path SOURCE = Path.of("src/test/jdk21/dev/ferry/jdk21/Lisp.java");

    @Test
    void aJdk21ProgramOnJdk25_movesMidRun_andPrintsWhatAStraightRunPrints(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(JDK25.resolve("bin/javac")), "JDK 25 is not installed at " + JDK25);
        Path classes = dir.resolve("classes");
        Process javac = new ProcessBuilder(JDK25.resolve("bin/javac").toString(), "--release", "21", "-d", classes.toString(),
                SOURCE.toString()).inheritIO().start();
        assertTrue(javac.waitFor(120, TimeUnit.SECONDS), "javac finished");
        assertEquals(0, javac.exitValue(), "javac compiled " + SOURCE);
        String cp = classes.toString();

        AgentEndToEndTest.Result straight = ferry(JDK25, "run", "--cp", cp, "dev.ferry.jdk21.Lisp");
        assertEquals(0, straight.exit(), straight.err());
        assertTrue(straight.out().contains("46368"), straight.out());

        Path first = dir.resolve("first.snapshot");
        Path second = dir.resolve("second.snapshot");
        AgentEndToEndTest.Result dump = ferry(JDK25, "dump", "--cp", cp, "--after", "150ms", "--out", first.toString(),
                "dev.ferry.jdk21.Lisp");
        assertEquals(0, dump.exit(), dump.err());
        assertTrue(Files.exists(first), dump.err());
        AgentEndToEndTest.Result middle = ferry(JDK25, "restore", "--cp", cp, "--after", "300ms", "--out", second.toString(),
                first.toString());
        assertEquals(0, middle.exit(), middle.err());
        assertTrue(Files.exists(second), "captured again: " + middle.err());
        AgentEndToEndTest.Result last = ferry(JDK25, "restore", "--cp", cp, second.toString());
        assertEquals(0, last.exit(), last.err());
        assertEquals(straight.out(), dump.out() + middle.out() + last.out());
    }
}
