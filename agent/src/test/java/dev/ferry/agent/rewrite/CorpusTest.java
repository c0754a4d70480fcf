package dev.ferry.agent.rewrite;

import static dev.ferry.agent.rewrite.CorpusRun.FRESH_LOADER;
import static dev.ferry.agent.rewrite.CorpusRun.IN_PLACE;
import static dev.ferry.agent.rewrite.CorpusRun.SNAPSHOT;
import static dev.ferry.agent.rewrite.CorpusRun.assertSameOutput;
import static dev.ferry.agent.rewrite.CorpusRun.hopping;
import static dev.ferry.agent.rewrite.CorpusRun.straight;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every corpus program, run straight and then captured and resumed in a fresh class loader (every
 * value deep-copied, nothing shared) at least three times: the two transcripts must be identical.
 */
class CorpusTest {
    static Stream<Arguments> programs() {
        return Stream.of(
                program("Counter", "200"),
                program("Primitives"),
                program("PendingStack"),
                program("DeepRecursion"),
                program("TryCatchFinally"),
                program("Constructors"),
                program("ConstructorWork", "4"),
                program("Synchronized"),
                program("Lambdas"),
                program("Switches"),
                program("CollectionLoops"),
                program("ForEachCallback"),
                program("Statics"),
                program("Dispatch"),
                program("InnerClasses"),
                program("NBody"),
                program("Sieve"),
                program("Interpreter"),
                program("Collections"),
                program("Strings"),
                program("InternedSymbols"),
                program("RunnableEntry"),
                program("TaskEntry", "30", "task"),
                program("Exceptions"),
                program("MatrixKernel"),
                program("ModernJava"),
                program("ControlFlow"),
                program("Fib"),
                program("Generics"),
                program("EnumBodies"),
                program("MutualRecursion"),
                program("FinallyLoops"),
                program("Expressions"),
                program("Closures"),
                program("IdentityKeys"),
                program("ThreadLocalState"),
                program("TransientResources"),
                program("TransientCaches"),
                program("ReflectiveCalls"),
                program("HandleFields", "60000"),
                program("TaskStreams", "40000"),
                program("HeldLocks", "40"),
                program("NumericState"),
                program("CustomIterators"),
                program("StreamsAndSorting"),
                program("ParallelWork"),
                program("JdkToolbox"),
                program("InstanceMain"),
                program("NoArgsMain"),
                program("DoWhileLoops", "3000"),
                program("HeldExceptions", "40"),
                program("JdkComparators", "3000"),
                program("InterfaceTypedLocals", "4000"),
                program("LegacyTables", "20000"),
                program("SaltedIteration", "60"),
                program("ParticleWorld", "150"),
                program("CalendarWork", "40")).filter(CorpusTest::selected);
    }

    private static Arguments program(String name, String... args) {
        return Arguments.of(name, args);
    }

    /** {@code -Dcorpus=Name} runs one program only, when chasing a failure. */
    private static boolean selected(Arguments program) {
        String only = System.getProperty("corpus");
        return only == null || only.isEmpty() || only.equals(program.get()[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void capturedAndResumedThreeTimes_printsWhatAStraightRunPrints(String name, String[] args) throws Exception {
        String className = "dev.ferry.corpus." + name;
        long start = System.nanoTime();
        String expected = straight(className, args);
        // Capture about every eighth of a straight run, so even a short program is captured several
        // times; if a warmer JVM ran it too fast for three captures, try again, capturing more often.
        long every = Math.max(1, (System.nanoTime() - start) / 8_000_000);
        CorpusRun.Transcript hopped = CorpusRun.hoppingAtLeast(3, every, name.hashCode(),
                (pace, seed) -> hopping(className, pace, seed, FRESH_LOADER, args));
        assertSameOutput(expected, hopped, 3);
    }

    /**
     * Programs whose state refers to the task's own thread (a lock it holds), resumed the two other
     * ways a task resumes: in place, after a move that failed, and from a snapshot's bytes.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HeldLocks"})
    void holdingTheTaskThread_resumesInPlaceAndFromSnapshots(String name) throws Exception {
        String className = "dev.ferry.corpus." + name;
        long start = System.nanoTime();
        String expected = straight(className, "40");
        long every = Math.max(1, (System.nanoTime() - start) / 8_000_000);
        for (CorpusRun.Resumer resumer : new CorpusRun.Resumer[] {IN_PLACE, SNAPSHOT}) {
            CorpusRun.Transcript hopped = CorpusRun.hoppingAtLeast(3, every, name.hashCode(),
                    (pace, seed) -> hopping(className, pace, seed, resumer, "40"));
            assertSameOutput(expected, hopped, 3);
        }
    }
}
