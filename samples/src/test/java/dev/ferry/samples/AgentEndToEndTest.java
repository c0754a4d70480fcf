package dev.ferry.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The packaged agent in real, separate JVMs: {@code java -javaagent:ferry-agent.jar -jar ferry-agent.jar run ...}. */
class AgentEndToEndTest {
    static final Path AGENT = Path.of("../agent/target/ferry-agent.jar").toAbsolutePath().normalize();
    static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    record Result(int exit, String out, String err) {
    }

    static Result ferry(Path javaHome, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(),
                "-javaagent:" + AGENT, "-jar", AGENT.toString()));
        Collections.addAll(command, args);
        Path out = Files.createTempFile("ferry-out", ".txt");
        Path err = Files.createTempFile("ferry-err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ferry did not finish: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static Path javaHome(String which) {
        return which.equals("17") ? Path.of(System.getProperty("java.home")) : JDK25;
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void counter_hoppingBetweenClassLoaders_countsWithoutGapOrRepeat(String jdk) throws Exception {
        Path home = javaHome(jdk);
        assumeTrue(Files.isExecutable(home.resolve("bin/java")), "JDK " + jdk + " is not installed at " + home);
        Result r = ferry(home, "run", "--cp", "target/classes", "--hop-every", "60ms", "dev.ferry.samples.Counter", "40", "10");
        assertEquals(0, r.exit(), r.err());
        String expected = IntStream.range(0, 40).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n"));
        assertEquals(expected, r.out(), "stdout is the task's alone: " + r.err());
        long hops = r.err().lines().filter(l -> l.startsWith("[ferry] hop ")).count();
        assertTrue(hops >= 3, "at least three hops: " + r.err());
    }

    @Test
    void aTaskWithItsOwnAsm_getsItsOwn_notTheAgents() throws Exception {
        String asm = org.objectweb.asm.ClassWriter.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        String cp = "target/test-classes" + File.pathSeparator + asm;
        Result r = ferry(javaHome("17"), "run", "--cp", cp, "--hop-every", "50ms", "dev.ferry.samples.AsmUser");
        assertEquals(0, r.exit(), r.err());
        assertEquals(10, r.out().lines().count(), r.out());
        assertTrue(r.out().lines().allMatch(l -> l.endsWith(" ferry-task")), "ASM came from the task's loader: " + r.out());
    }

    @Test
    void aMoveThatCannotBeMade_isReported_andTheTaskRunsOnInPlace() throws Exception {
        String corpus = Path.of("../agent/target/test-classes").toAbsolutePath().normalize().toString();
        Result straight = ferry(javaHome("17"), "run", "--cp", corpus, "dev.ferry.corpus.IdentityIteration");
        Result hopping = ferry(javaHome("17"), "run", "--cp", corpus, "--hop-every", "40ms",
                "dev.ferry.corpus.IdentityIteration");
        assertEquals(0, hopping.exit(), hopping.err());
        assertEquals(straight.out(), hopping.out(), "nothing lost or repeated");
        assertTrue(hopping.err().contains("could not move the task") && hopping.err().contains("hashes by identity"),
                hopping.err());
    }

    @Test
    void agentJar_relocatesEverythingItBundles() throws IOException {
        try (JarFile jar = new JarFile(AGENT.toFile())) {
            List<String> foreign = jar.stream().map(e -> e.getName())
                    .filter(n -> n.endsWith(".class") && !n.startsWith("dev/ferry/")).toList();
            assertTrue(foreign.isEmpty(), "unrelocated classes in the agent jar: " + foreign);
            assertTrue(jar.stream().anyMatch(e -> e.getName().startsWith("dev/ferry/shaded/asm/")), "ASM is bundled, relocated");
            assertEquals("dev.ferry.agent.FerryAgent", jar.getManifest().getMainAttributes().getValue("Premain-Class"));
        }
    }

    @Test
    void badUsage_exits2WithAMessageThatSaysWhatToDo() throws Exception {
        Result r = ferry(javaHome("17"), "run", "--cp", "target/classes", "dev.ferry.samples.NoSuchTask");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("dev.ferry.samples.NoSuchTask is not on the task class path"), r.err());
        assertFalse(r.out().contains("Exception"), r.out());
        Result d = ferry(javaHome("17"), "run", "--hop-every", "soon", "X");
        assertEquals(2, d.exit());
        assertTrue(d.err().contains("not a duration: 'soon'"), d.err());
    }
}
