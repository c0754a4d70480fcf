package dev.ferry.agent.rewrite;

import static dev.ferry.agent.rewrite.CorpusRun.TEST_CLASSES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.continuation.FrameState;
import dev.ferry.runtime.engine.FingerprintMismatchException;
import dev.ferry.runtime.engine.NotCapturableException;
import dev.ferry.runtime.engine.RunningTask;
import dev.ferry.runtime.engine.TaskExit;
import dev.ferry.runtime.engine.TaskState;
import dev.ferry.runtime.engine.Tasks;
import dev.ferry.runtime.heap.HeapCopier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The engine's behaviour around captures that cannot happen, kills, sleeps and mismatched classes. */
class EngineTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Tasks.Options options = CorpusRun.options(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private RunningTask start(String className, String... args) {
        return Tasks.start(List.of(TEST_CLASSES), "dev.ferry.corpus." + className, List.of(args), options);
    }

    /** Starts a Blocking mode and waits until the program says it has got there. */
    private RunningTask startBlocked(String... args) {
        RunningTask task = start("Blocking", args);
        String sign = switch (args[0]) {
            case "sleep" -> "sleeping";
            case "exit", "exitFromThread" -> "exiting";
            case "commonPool" -> "submitted";
            default -> "ready";
        };
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!bytes.toString(StandardCharsets.UTF_8).contains(sign)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Blocking " + args[0] + " never said '" + sign + "' (" + task + "): "
                        + bytes.toString(StandardCharsets.UTF_8));
            }
            Thread.onSpinWait();
        }
        return task;
    }

    private static Throwable captureFailure(RunningTask task, Duration maxWait) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> task.requestCapture(maxWait).get(30, TimeUnit.SECONDS));
        return e.getCause();
    }

    private static TaskExit killAndWait(RunningTask task) throws Exception {
        task.kill();
        return task.exit().get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "forEach, called from dev.ferry.corpus.Blocking.main",
        "synchronized, inside a synchronized block",
        "constructor, a constructor",
        "constructorReference, is a constructor called from dev.ferry.corpus.Blocking.main",
        "methodHandle, java.lang.invoke.MethodHandle.invokeExact, which is not rewritten",
        "reflection, java.lang.reflect.Method.invoke, which is not rewritten",
        "threads, other threads [helper-worker]",
        "commonPool, common ForkJoinPool is running work",
    })
    void capture_throughAFrameThatCannotCapture_failsNamingIt_andTheTaskRunsOn(String mode, String named) throws Exception {
        RunningTask task = startBlocked(mode);
        Throwable failure = captureFailure(task, Duration.ofMillis(300));
        assertInstanceOf(NotCapturableException.class, failure);
        assertTrue(failure.getMessage().contains(named), failure.getMessage());
        assertTrue(mode.equals("threads") || mode.equals("commonPool") || failure.getMessage().contains("dev.ferry.corpus.Blocking"),
                failure.getMessage());
        assertEquals(TaskState.RUNNING, task.state(), "the task keeps running after a failed capture");
        assertEquals(TaskState.KILLED, killAndWait(task).state(), "and can still be killed there");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"constructorLoop", "constructorPending"})
    void capture_insideAConstructorsLoop_savesTheConstructorBody_andTheResumedTaskFinishesIt(String mode) throws Exception {
        String rounds = "400000";
        String expected = CorpusRun.straight("dev.ferry.corpus.Blocking", mode, rounds);
        RunningTask task = startBlocked(mode, rounds);
        Continuation continuation = task.requestCapture(Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
        List<String> methods = continuation.frames().stream().map(FrameState::methodName).toList();
        assertEquals(List.of("main", "ferry$ctor$dev$ferry$corpus$Blocking$Counting"), methods.subList(0, 2),
                "main, at its `new Counting(...)`, then the constructor's body (and spin, if it was there): the <init>"
                        + " frame saves nothing: " + methods);
        RunningTask resumed = Tasks.resume(List.of(TEST_CLASSES), options, new HeapCopier(continuation));
        assertEquals(TaskState.FINISHED, resumed.exit().get(60, TimeUnit.SECONDS).state());
        assertEquals(expected, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aConstructionWhoseArgumentsTheRewriterEvaluatesFirst_stillInitializesItsClassFirst_asAPlainJvmDoes()
            throws Exception {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(plain, true, StandardCharsets.UTF_8));
        try {
            dev.ferry.corpus.InitializationOrder.main(new String[0]); // this test's own loader: not rewritten
        } finally {
            System.setOut(saved);
        }
        String expected = plain.toString(StandardCharsets.UTF_8);
        assertTrue(expected.startsWith("init Lazy\nargument\n"), expected);
        assertEquals(expected, CorpusRun.straight("dev.ferry.corpus.InitializationOrder"));
    }

    @Test
    void capture_ofATaskBlockedOutsideTaskCode_failsAfterTheDeadlineSayingWhere() throws Exception {
        RunningTask task = startBlocked("latch");
        Throwable failure = captureFailure(task, Duration.ofMillis(300));
        assertInstanceOf(NotCapturableException.class, failure);
        assertTrue(failure.getMessage().contains("did not reach a safepoint"), failure.getMessage());
        assertTrue(failure.getMessage().contains("CountDownLatch") || failure.getMessage().contains("Unsafe.park"),
                failure.getMessage());
        assertEquals(TaskState.KILLED, killAndWait(task).state());
    }

    @Test
    void copyOfAHeldMethodHandleBuiltByCombinators_isRefusedSayingWhy_andTheTaskRunsOnInPlace() throws Exception {
        assertCopyRefused_andTaskRunsOnInPlace("heldMethodHandle", "built by combinators");
    }

    @Test
    void moveDuringIterationOfAnIdentityKeyedHashSet_isRefused_andTheTaskRunsOnInPlace() throws Exception {
        assertCopyRefused_andTaskRunsOnInPlace("identityIteration", "keyed by java.lang.Object, which hashes by identity");
    }

    /** A Blocking mode captured, its copy into a fresh loader refused with {@code why}, resumed where it was. */
    private void assertCopyRefused_andTaskRunsOnInPlace(String mode, String why) throws Exception {
        RunningTask task = startBlocked(mode);
        Continuation continuation = task.requestCapture(Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tasks.resume(List.of(TEST_CLASSES), options, new HeapCopier(continuation)));
        assertTrue(e.getMessage().contains(why), e.getMessage());
        RunningTask again = Tasks.resumeInPlace(task, continuation, options);
        assertEquals(TaskState.RUNNING, again.state());
        assertEquals(TaskState.KILLED, killAndWait(again).state());
    }

    @Test
    void resume_atAResumePointTheMethodDoesNotHave_failsNamingTheFrame_insteadOfStartingItOver() throws Exception {
        RunningTask task = startBlocked("busy");
        Continuation c = task.requestCapture(Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
        killAndWait(Tasks.resumeInPlace(task, c, options));
        List<FrameState> frames = new java.util.ArrayList<>(c.frames());
        FrameState top = frames.get(0);
        frames.set(0, new FrameState(top.className(), top.methodName(), top.descriptor(),
                999, top.locals(), top.stack()));
        Continuation wrong = new Continuation(c.className(), c.args(), c.entryKind(), frames, c.statics(),
                c.fingerprints(), c.threadLocals());
        TaskExit exit = Tasks.resume(List.of(TEST_CLASSES), options, new HeapCopier(wrong)).exit().get(30, TimeUnit.SECONDS);
        assertEquals(TaskState.FAILED, exit.state());
        assertTrue(exit.failure().getMessage().contains("resumes at point 999, but that method has"),
                exit.failure().getMessage());
    }

    @Test
    void aCapturedTask_isNotKeptAliveByItsCaptureRequest() throws Exception {
        RunningTask task = startBlocked("busy");
        task.requestCapture(Duration.ofMinutes(10)).get(30, TimeUnit.SECONDS);
        task.exit().get(30, TimeUnit.SECONDS);
        java.lang.ref.WeakReference<RunningTask> captured = new java.lang.ref.WeakReference<>(task);
        task = null;
        for (int i = 0; i < 100 && captured.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        // Its capture timeout, due in 10 minutes, used to hold it and its frames' values until then:
        // a task hopping every few ms (ferry run --hop-every) ran out of memory.
        assertNull(captured.get(), "the captured task is still reachable");
    }

    @Test
    void aDiscardedResume_neverRuns_andLetsGoOfItsUnstartedThread() throws Exception {
        RunningTask task = startBlocked("busy");
        Continuation continuation = task.requestCapture(Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
        java.util.Set<String> before = threadGroupNames();
        dev.ferry.runtime.engine.PreparedResume prepared =
                Tasks.prepareResume(List.of(TEST_CLASSES), options, new HeapCopier(continuation));
        prepared.discard();
        // On JDK 17 the unstarted thread's group stayed in this one, holding the task, forever.
        java.util.Set<String> after = threadGroupNames();
        assertTrue(before.containsAll(after), "the discarded task's thread group is gone: " + after + " after, " + before + " before");
        assertThrows(IllegalStateException.class, prepared::start);
        prepared.discard(); // again: nothing happens
    }

    private static java.util.Set<String> threadGroupNames() {
        ThreadGroup parent = Thread.currentThread().getThreadGroup();
        ThreadGroup[] groups = new ThreadGroup[parent.activeGroupCount() + 16];
        int n = parent.enumerate(groups, false);
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (int i = 0; i < n; i++) {
            names.add(groups[i].getName());
        }
        return names;
    }

    @Test
    void systemExit_endsTheTaskWithItsStatus_notTheJvm() throws Exception {
        TaskExit exit = startBlocked("exit").exit().get(30, TimeUnit.SECONDS);
        assertEquals(TaskState.FINISHED, exit.state());
        assertEquals(3, exit.exitStatus());
    }

    @Test
    void systemExit_onAThreadTheTaskStarted_endsThatTaskWithItsStatus_notTheJvm() throws Exception {
        TaskExit exit = startBlocked("exitFromThread").exit().get(30, TimeUnit.SECONDS);
        assertEquals(TaskState.FINISHED, exit.state());
        assertEquals(4, exit.exitStatus());
    }

    /** A TightLoop task with its own output, once it says it has been compiled and runs its endless loop. */
    private static RunningTask startTightLoop(long seed, ByteArrayOutputStream out) {
        RunningTask task = Tasks.start(List.of(TEST_CLASSES), "dev.ferry.corpus.TightLoop", List.of(String.valueOf(seed)),
                CorpusRun.options(new PrintStream(out, true, StandardCharsets.UTF_8)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!out.toString(StandardCharsets.UTF_8).contains("ready")) {
            if (System.nanoTime() > deadline || task.exit().isDone()) {
                throw new AssertionError("TightLoop " + seed + " never got ready (" + task + "): " + out);
            }
            Thread.onSpinWait();
        }
        return task;
    }

    /**
     * The back-edge safepoint of a loop with no call and no volatile access, compiled by C2, sees
     * requests from other threads: if the JIT could hoist its check out of the loop (a plain static
     * read does exactly that), the captures below time out and the kill never lands. Several tasks
     * at once; capturing some leaves the other running; a task resumed in place is captured again
     * (a second request soon after the first takes another path through the engine's call site).
     */
    @Test
    void captureAndKill_callFreeLoopsCompiledByC2_inSeveralTasks_areSeenPromptly_andLeaveOtherTasksRunning()
            throws Exception {
        ByteArrayOutputStream[] outs = {new ByteArrayOutputStream(), new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        RunningTask[] tasks = new RunningTask[outs.length];
        for (int i = 0; i < tasks.length; i++) {
            tasks[i] = startTightLoop(i + 1, outs[i]);
        }
        var first = tasks[0].requestCapture(Duration.ofSeconds(10));
        var second = tasks[1].requestCapture(Duration.ofSeconds(10));
        Continuation c0 = first.get(30, TimeUnit.SECONDS);
        Continuation c1 = second.get(30, TimeUnit.SECONDS);
        for (Continuation c : List.of(c0, c1)) {
            assertEquals("spin", c.frames().get(c.frames().size() - 1).methodName(), "captured in the loop: " + c.frames());
        }
        assertEquals(TaskState.RUNNING, tasks[2].state(), "the task nobody asked for runs on");

        // in place, again and again: each capture soon after the one before
        RunningTask again = Tasks.resumeInPlace(tasks[0], c0, CorpusRun.options(new PrintStream(outs[0], true, StandardCharsets.UTF_8)));
        for (int round = 0; round < 3; round++) {
            Continuation c = again.requestCapture(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
            assertEquals("spin", c.frames().get(c.frames().size() - 1).methodName());
            again = Tasks.resumeInPlace(again, c, CorpusRun.options(new PrintStream(outs[0], true, StandardCharsets.UTF_8)));
        }
        RunningTask moved = Tasks.resume(List.of(TEST_CLASSES), CorpusRun.options(new PrintStream(outs[1], true,
                StandardCharsets.UTF_8)), new HeapCopier(c1));

        assertEquals(TaskState.RUNNING, tasks[2].state());
        for (RunningTask t : List.of(again, moved, tasks[2])) {
            assertEquals(TaskState.KILLED, killAndWait(t).state(), t.toString());
        }
        for (ByteArrayOutputStream out : outs) {
            assertEquals("ready\n", out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void kill_busyLoop_endsKilled() throws Exception {
        RunningTask task = startBlocked("busy");
        assertEquals(TaskState.KILLED, killAndWait(task).state());
    }

    @Test
    void kill_duringSleep_endsKilledWithoutWaitingForTheSleep() throws Exception {
        RunningTask task = startBlocked("sleep", "600000");
        assertEquals(TaskState.KILLED, killAndWait(task).state());
        assertEquals("sleeping\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void capture_duringSleep_happensAtOnce_andTheRemainingSleepCarriesOver() throws Exception {
        long sleepMillis = 600_000;
        RunningTask task = startBlocked("sleep", String.valueOf(sleepMillis));
        long before = System.nanoTime();
        // The sleep has ten minutes to go: if the capture waited for it, this would time out.
        Continuation continuation = task.requestCapture(Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
        long elapsedSinceRequest = System.nanoTime() - before;
        FrameState sleep = continuation.frames().get(continuation.frames().size() - 1);
        assertTrue(sleep.isSleep(), "the innermost frame is the interrupted sleep: " + continuation.frames());
        long remaining = (Long) sleep.locals()[0];
        assertTrue(remaining <= TimeUnit.MILLISECONDS.toNanos(sleepMillis) && remaining > 0, "remaining " + remaining);
        assertTrue(remaining >= TimeUnit.MILLISECONDS.toNanos(sleepMillis) - elapsedSinceRequest - TimeUnit.SECONDS.toNanos(60),
                "the sleep is carried over, not skipped: remaining " + remaining);

        RunningTask resumed = Tasks.resume(List.of(TEST_CLASSES), options, new HeapCopier(continuation));
        assertTrue(resumed.exit().copy().completeOnTimeout(null, 200, TimeUnit.MILLISECONDS).get() == null,
                "the resumed task goes on sleeping rather than waking at once");
        assertEquals(TaskState.KILLED, killAndWait(resumed).state());
        assertEquals("sleeping\n", bytes.toString(StandardCharsets.UTF_8), "woke must not be printed");
    }

    @Test
    void capture_ofAFinishedTask_isRefused() throws Exception {
        RunningTask task = start("Counter", "1");
        task.exit().get(30, TimeUnit.SECONDS);
        Throwable failure = captureFailure(task, Duration.ofSeconds(1));
        assertInstanceOf(IllegalStateException.class, failure);
        assertTrue(failure.getMessage().contains("FINISHED"), failure.getMessage());
    }

    @Test
    void resume_withAChangedClass_isRefusedNamingTheClassAndBothHashes(@TempDir Path changed) throws Exception {
        RunningTask task = start("Counter", "100000");
        Continuation continuation = task.requestCapture(Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
        copyTree(TEST_CLASSES, changed);
        Path counter = changed.resolve("dev/ferry/corpus/Counter.class");
        byte[] original = Files.readAllBytes(counter);
        Files.write(counter, java.util.Arrays.copyOf(original, original.length + 1)); // any change to the bytes
        FingerprintMismatchException e = assertThrows(FingerprintMismatchException.class,
                () -> Tasks.resume(List.of(changed), options, new HeapCopier(continuation)));
        assertEquals("dev.ferry.corpus.Counter", e.className());
        assertTrue(e.getMessage().contains(continuation.fingerprints().get("dev.ferry.corpus.Counter")), e.getMessage());
    }

    @Test
    void start_classWithoutEntryPoint_saysWhatItNeeds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start("NoEntryPoint"));
        assertTrue(e.getMessage().contains("public static void main(String[])"), e.getMessage());
    }

    @Test
    void start_missingClass_namesTheClassPath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start("NoSuchTask"));
        assertTrue(e.getMessage().contains("dev.ferry.corpus.NoSuchTask") && e.getMessage().contains("class path"),
                e.getMessage());
    }

    @Test
    void twoTasksOfTheSameClass_haveTheirOwnStatics() throws Exception {
        String expected = CorpusRun.straight("dev.ferry.corpus.Statics");
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        RunningTask a = start("Statics");
        RunningTask b = Tasks.start(List.of(TEST_CLASSES), "dev.ferry.corpus.Statics", List.of(),
                CorpusRun.options(new PrintStream(other, true, StandardCharsets.UTF_8)));
        assertEquals(TaskState.FINISHED, a.exit().get(30, TimeUnit.SECONDS).state());
        assertEquals(TaskState.FINISHED, b.exit().get(30, TimeUnit.SECONDS).state());
        assertEquals(expected, bytes.toString(StandardCharsets.UTF_8));
        assertEquals(expected, other.toString(StandardCharsets.UTF_8));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
