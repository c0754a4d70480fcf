package dev.ferry.shell.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.shell.cluster.MiniCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskClassesTest {
    private static final TaskClasses CLASSES = TaskClasses.scan(List.of(MiniCluster.SAMPLES, MiniCluster.TEST_TASKS,
            Path.of("target/no-such-dir")));

    @Test
    void findsTheClassesWithAnEntryPoint_andNothingElse() {
        List<String> names = CLASSES.names();
        assertTrue(names.contains("dev.ferry.samples.Counter"), names.toString());
        assertTrue(names.contains("dev.ferry.shell.cluster.tasks.Sleeper"), names.toString());
        assertTrue(names.contains("dev.ferry.shell.console.twins.a.Twin"), names.toString());
        assertFalse(names.contains("dev.ferry.shell.cluster.MiniCluster"), "no entry point");
        assertFalse(names.stream().anyMatch(n -> n.contains("package-info") || n.contains("$")), names.toString());
    }

    @Test
    void aSimpleNameStandsForTheOneClassThatHasIt() {
        assertEquals("dev.ferry.samples.Counter", CLASSES.resolve("Counter"));
        assertEquals("org.example.Elsewhere", CLASSES.resolve("org.example.Elsewhere"), "full names go to the hosts as typed");
        assertEquals("Counter", TaskClasses.none().resolve("Counter"), "without a class path, names go as typed");
    }

    @Test
    void anAmbiguousOrUnknownSimpleName_isRefusedWithTheChoices() {
        CommandException twins = assertThrows(CommandException.class, () -> CLASSES.resolve("Twin"));
        assertEquals("Twin is ambiguous: dev.ferry.shell.console.twins.a.Twin, dev.ferry.shell.console.twins.b.Twin;"
                + " give the full name", twins.getMessage());
        CommandException typo = assertThrows(CommandException.class, () -> CLASSES.resolve("Countr"));
        assertTrue(typo.getMessage().startsWith("no task class Countr on the task class path; did you mean Counter?"),
                typo.getMessage());
    }
}
