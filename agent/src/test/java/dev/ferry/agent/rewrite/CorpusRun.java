package dev.ferry.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.engine.NotCapturableException;
import dev.ferry.runtime.engine.RunningTask;
import dev.ferry.runtime.engine.TaskExit;
import dev.ferry.runtime.engine.TaskState;
import dev.ferry.runtime.engine.Tasks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs corpus programs under the engine: straight through, or captured and resumed along the way. */
final class CorpusRun {
    static final Path TEST_CLASSES = Path.of("target/test-classes");
    /** Enough captures to catch a program at many different points; more only slows the suite. */
    static final int MAX_CAPTURES = 40;
    static final AsmClassRewriter REWRITER = new AsmClassRewriter();

    /** What a run printed and how many times it was captured. */
    record Transcript(String output, int captures, List<String> failures) {
    }

    private CorpusRun() {
    }

    static Tasks.Options options(PrintStream out) {
        return options(REWRITER, out);
    }

    static Tasks.Options options(dev.ferry.runtime.engine.ClassRewriter rewriter, PrintStream out) {
        return Tasks.Options.defaults().withRewriter(rewriter).withOutput(out, out);
    }

    /** A transcript buffer that fails loudly instead of filling the heap when a broken resume loops. */
    static final class Capped extends ByteArrayOutputStream {
        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (count + len > 4 << 20) {
                throw new IllegalStateException("more than 4 MiB of output: the program is looping");
            }
            super.write(b, off, len);
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }

    static String straight(String className, String... args) throws Exception {
        return straight(List.of(TEST_CLASSES), className, args);
    }

    static String straight(List<Path> classPath, String className, String... args) throws Exception {
        ByteArrayOutputStream bytes = new Capped();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        RunningTask task = Tasks.start(classPath, className, List.of(args), options(out));
        TaskExit exit = task.exit().get(120, TimeUnit.SECONDS);
        if (exit.state() != TaskState.FINISHED) {
            throw new AssertionError("task ended " + exit.state(), exit.failure());
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Runs the program, capturing it every {@code everyMillis} (with jitter) and resuming the
     * continuation as {@code resume} makes it, until it finishes.
     */
    static Transcript hopping(String className, long everyMillis, long seed, Resumer resume, String... args) throws Exception {
        return hopping(List.of(TEST_CLASSES), className, everyMillis, seed, resume, args);
    }

    static Transcript hopping(List<Path> classPath, String className, long everyMillis, long seed, Resumer resume,
                              String... args) throws Exception {
        return hopping(REWRITER, classPath, className, everyMillis, seed, resume, args);
    }

    static Transcript hopping(dev.ferry.runtime.engine.ClassRewriter rewriter, List<Path> classPath, String className,
                              long everyMillis, long seed, Resumer resume, String... args) throws Exception {
        ByteArrayOutputStream bytes = new Capped();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Tasks.Options options = options(rewriter, out);
        Random random = new Random(seed);
        RunningTask task = Tasks.start(classPath, className, List.of(args), options);
        int captures = 0;
        List<String> failures = new java.util.ArrayList<>();
        while (true) {
            // Past MAX_CAPTURES the program runs to its end: a deep stack captured every millisecond
            // (MutualRecursion, 4,000 frames, on a warm JVM) would otherwise spend the run being copied.
            long wait = captures >= MAX_CAPTURES ? TimeUnit.SECONDS.toMillis(120) : 1 + random.nextInt((int) Math.max(1, everyMillis));
            TaskExit exit;
            try {
                exit = task.exit().get(wait, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                exit = null;
            }
            if (exit != null) {
                if (exit.state() != TaskState.FINISHED) {
                    throw new AssertionError("task ended " + exit.state() + " after " + captures + " captures", exit.failure());
                }
                return new Transcript(bytes.toString(StandardCharsets.UTF_8), captures, failures);
            }
            CompletableFuture<Continuation> capture = task.requestCapture(Duration.ofSeconds(10));
            Continuation continuation;
            try {
                continuation = capture.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof NotCapturableException || task.state().isFinal()) {
                    failures.add(e.getCause().getMessage());
                    continue; // finished meanwhile, or could not be captured: it runs on
                }
                throw e;
            }
            captures++;
            task = resume.resume(task, continuation, options, classPath);
        }
    }

    /** One hopping run of a program, capturing about every {@code everyMillis}. */
    interface Hop {
        Transcript run(long everyMillis, long seed) throws Exception;
    }

    /**
     * Runs {@code hop}; while a run was captured fewer than {@code minCaptures} times (a warmer JVM
     * ran the program faster than its straight run promised), up to three more runs, each capturing
     * three times as often, with another seed.
     */
    static Transcript hoppingAtLeast(int minCaptures, long everyMillis, long seed, Hop hop) throws Exception {
        Transcript hopped = hop.run(everyMillis, seed);
        long every = everyMillis;
        for (int attempt = 1; attempt < 4 && hopped.captures() < minCaptures; attempt++) {
            every = Math.max(1, every / 3);
            hopped = hop.run(every, seed + attempt);
        }
        return hopped;
    }

    /** How a test resumes a continuation. */
    interface Resumer {
        RunningTask resume(RunningTask captured, Continuation continuation, Tasks.Options options, List<Path> classPath)
                throws Exception;
    }

    static final Resumer IN_PLACE = (captured, continuation, options, classPath) ->
            Tasks.resumeInPlace(captured, continuation, options);

    /** Deep-copies the continuation into a fresh class loader and resumes it there: nothing is shared. */
    static final Resumer FRESH_LOADER = (captured, continuation, options, classPath) ->
            Tasks.resume(classPath, options, new dev.ferry.runtime.heap.HeapCopier(continuation));

    /** Encodes the continuation as a snapshot's bytes and resumes what they decode to in a fresh loader. */
    static final Resumer SNAPSHOT = (captured, continuation, options, classPath) -> {
        byte[] bytes = dev.ferry.runtime.snapshot.SnapshotCodec.encode(
                new dev.ferry.runtime.snapshot.Snapshot("corpus", 0, options.rewriter().engineVersion(), "here",
                        java.time.Instant.EPOCH, 0, 0, continuation), options.out(), options.err());
        return Tasks.resume(classPath, options, dev.ferry.runtime.snapshot.SnapshotCodec.decode(bytes));
    };

    static void assertSameOutput(String expected, Transcript hopped, int minCaptures) {
        assertEquals(expected, hopped.output(), "output after " + hopped.captures() + " captures");
        if (hopped.captures() < minCaptures) {
            fail("only " + hopped.captures() + " captures (wanted " + minCaptures + "); failures: " + hopped.failures());
        }
    }
}
