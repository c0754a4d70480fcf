package dev.ferry.samples.bench;

import dev.ferry.agent.rewrite.AsmClassRewriter;
import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.engine.ClassRewriter;
import dev.ferry.runtime.engine.RunningTask;
import dev.ferry.runtime.engine.TaskExit;
import dev.ferry.runtime.engine.TaskState;
import dev.ferry.runtime.engine.Tasks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The engine's benchmark: run with {@code mvn -Pbench -pl samples -am verify}. Not a test — it
 * asserts nothing about time; it prints, measured in one run on this machine:
 * <ul>
 *   <li>rewritten ÷ plain time for a call-heavy (recursive fib) and a loop-heavy (n-body) kernel,
 *       each run in alternating rounds in fresh class loaders, medians of medians;</li>
 *   <li>the same for the peer, tascalate-javaflow: the same kernels ({@code src/bench/java}, package
 *       {@code javaflow}), enhanced at build time into {@code target/classes-javaflow}, run inside
 *       {@code Continuation.startWith} with no suspends, against their plain copies (in
 *       {@code target/classes-javaflow-plain}) run the same way,
 *       in the same alternating rounds. Only with the bench profile, which builds that directory;
 *       javaflow is called reflectively, so this class compiles without it;</li>
 *   <li>capture latency, from {@code requestCapture} to the continuation in hand, for a task in a
 *       polling loop, over many captures (each resumed in place);</li>
 *   <li>code growth of the rewritten kernels.</li>
 * </ul>
 * Results are also written to {@code target/bench/engine.md}.
 */
@Tag("bench")
class EngineBenchmark {
    private static final Path CLASSES = Path.of("target/test-classes");
    private static final String DRIVER = "dev.ferry.samples.bench.Driver";
    private static final Path JAVAFLOW_CLASSES = Path.of("target/classes-javaflow");
    private static final Path JAVAFLOW_PLAIN_CLASSES = Path.of("target/classes-javaflow-plain");
    private static final String JAVAFLOW_PACKAGE = "dev.ferry.samples.bench.javaflow.";
    private static final String JAVAFLOW_DRIVER = JAVAFLOW_PACKAGE + "JfDriver";
    private static final int ROUNDS = 5;

    private final StringBuilder report = new StringBuilder();
    private boolean javaflow;

    @Test
    void engineOverheadAndCaptureLatency() throws Exception {
        javaflow = Files.isDirectory(JAVAFLOW_CLASSES) && Files.isDirectory(JAVAFLOW_PLAIN_CLASSES);
        if (javaflow) {
            checkJavaflowInstrumentation(); // first: javaflow's "No SLF4J providers" notice then precedes the report
        }
        line("# Engine benchmark (" + System.getProperty("java.vm.name") + " " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cpus)");
        line("");
        line("| workload | engine | plain ms (median) | engine ms (median) | engine ÷ plain | target |");
        line("|---|---|---|---|---|---|");
        overhead("call-heavy: fib(32)", "fib", 32, 10, 15, "≤ 1.30");
        overhead("loop-heavy: n-body 1,000,000 steps", "nbody", 1_000_000, 5, 10, "≤ 1.10");
        if (!javaflow) {
            line("");
            line("(javaflow rows left out: no " + JAVAFLOW_CLASSES + " and " + JAVAFLOW_PLAIN_CLASSES + "; run with -Pbench)");
        }
        line("");
        captureLatency();
        line("");
        codeGrowth();
        Path out = Path.of("target/bench/engine.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private void overhead(String label, String kernel, int size, int warmup, int reps, String target) throws Exception {
        String[] args = {kernel, String.valueOf(size), String.valueOf(warmup), String.valueOf(reps)};
        List<Double> plain = new ArrayList<>();
        List<Double> ferry = new ArrayList<>();
        List<Double> jfPlain = new ArrayList<>();
        List<Double> jf = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Run p = runPlain(args);
            plain.add(median(p.ms()));
            ferry.add(median(runFerry(args)));
            if (javaflow) {
                Run jp = runJavaflow("javaflow-plain", JAVAFLOW_PLAIN_CLASSES, kernel, size, warmup, reps);
                Run ji = runJavaflow("javaflow", JAVAFLOW_CLASSES, kernel, size, warmup, reps);
                if (jp.checksum() != p.checksum() || ji.checksum() != p.checksum()) {
                    throw new IllegalStateException(String.format("%s checksums differ: plain %d, javaflow plain %d, javaflow %d",
                            kernel, p.checksum(), jp.checksum(), ji.checksum()));
                }
                jfPlain.add(median(jp.ms()));
                jf.add(median(ji.ms()));
            }
        }
        double p = median(plain);
        double f = median(ferry);
        line(String.format("| %s | Ferry | %.1f | %.1f | %.3f | %s |", label, p, f, f / p, target));
        if (javaflow) {
            double jp = median(jfPlain);
            double j = median(jf);
            line(String.format("| %s | javaflow %s (peer) | %.1f | %.1f | %.3f | — |", label, javaflowVersion(), jp, j, j / jp));
        }
    }

    /** One driver run's timed repetitions, in ms, and the checksum of all its results. */
    private record Run(List<Double> ms, long checksum) {
    }

    private Run runPlain(String[] args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (URLClassLoader loader = new ChildFirst("plain", CLASSES, "dev.ferry.samples.bench.")) {
            Class<?> driver = Class.forName(DRIVER, true, loader);
            onBigStack("plain", () -> driver.getMethod("run", String[].class, PrintStream.class)
                    .invoke(null, args, new PrintStream(bytes, true)));
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        long checksum = out.lines().filter(l -> l.startsWith("checksum ")).mapToLong(l -> Long.parseLong(l.substring(9)))
                .findFirst().orElseThrow();
        return new Run(timings(bytes), checksum);
    }

    /**
     * Runs the javaflow driver, in a fresh loader, from {@code dir}: {@code target/classes-javaflow-plain}
     * for the plain copy, {@code target/classes-javaflow} for the enhanced one (both copied by the bench
     * profile from one compile of {@code src/bench/java}). The javaflow API comes from the
     * test class path (the parent loader), shared by both.
     */
    private static Run runJavaflow(String name, Path dir, String kernel, int size, int warmup, int reps) throws Exception {
        Object[] result = new Object[1];
        try (URLClassLoader loader = new ChildFirst(name, dir, JAVAFLOW_PACKAGE)) {
            Class<?> driver = Class.forName(JAVAFLOW_DRIVER, true, loader);
            onBigStack(name, () -> result[0] = driver.getMethod("run", String.class, int.class, int.class, int.class)
                    .invoke(null, kernel, size, warmup, reps));
        }
        long[] nanos = (long[]) result[0];
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            ms.add(nanos[i] / 1e6);
        }
        return new Run(ms, nanos[reps]);
    }

    /** Fails unless the enhanced copy really suspends and resumes under javaflow, and the plain copy does not. */
    private static void checkJavaflowInstrumentation() throws Exception {
        String enhanced = javaflowProbe("javaflow", JAVAFLOW_CLASSES);
        String plain = javaflowProbe("javaflow-plain", JAVAFLOW_PLAIN_CLASSES);
        if (!enhanced.equals("suspended and resumed") || plain.equals("suspended and resumed")) {
            throw new IllegalStateException("javaflow instrumentation check failed: enhanced copy in " + JAVAFLOW_CLASSES
                    + ": " + enhanced + "; plain copy in " + JAVAFLOW_PLAIN_CLASSES + ": " + plain);
        }
    }

    private static String javaflowProbe(String name, Path dir) throws Exception {
        try (URLClassLoader loader = new ChildFirst(name, dir, JAVAFLOW_PACKAGE)) {
            return (String) Class.forName(JAVAFLOW_DRIVER, true, loader).getMethod("probe").invoke(null);
        }
    }

    private static String javaflowVersion() throws ClassNotFoundException {
        Class<?> api = Class.forName("org.apache.commons.javaflow.api.Continuation");
        String version = api.getPackage().getImplementationVersion();
        if (version == null) {
            URL jar = api.getProtectionDomain().getCodeSource().getLocation();
            Matcher m = Pattern.compile("-(\\d[^/]*)\\.jar$").matcher(jar.getPath());
            version = m.find() ? m.group(1) : "?";
        }
        return version;
    }

    private interface Body {
        void run() throws ReflectiveOperationException;
    }

    /** Runs {@code body} on a thread with a 512 MB stack, as the Ferry engine runs tasks. */
    private static void onBigStack(String name, Body body) throws InterruptedException {
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                body.run();
            } catch (ReflectiveOperationException | RuntimeException | Error e) {
                failure[0] = e;
            }
        }, name, 512L << 20);
        thread.start();
        thread.join();
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
    }

    private List<Double> runFerry(String[] args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        RunningTask task = Tasks.start(List.of(CLASSES), DRIVER, List.of(args), options(out));
        TaskExit exit = task.exit().get(10, TimeUnit.MINUTES);
        if (exit.state() != TaskState.FINISHED) {
            throw new IllegalStateException("benchmark task ended " + exit.state(), exit.failure());
        }
        return timings(bytes);
    }

    private static Tasks.Options options(PrintStream out) {
        return Tasks.Options.defaults().withRewriter(new AsmClassRewriter()).withOutput(out, out);
    }

    /**
     * Request → captured, taken on the task thread as it completes the request (so the requesting
     * thread's own wake-up is not counted), and request → continuation in the requester's hands.
     * The first 100 captures warm the capture path up (a host runs many) and are not counted.
     */
    /**
     * Capture latency of a task spinning in the n-body loop, captured and resumed in place at random
     * 1–5 ms intervals: 500 captures after 100 warm-up ones, then 500 more after another 1,000. The
     * first figure is a JVM still compiling the capture path (its compiler threads take the cores
     * from the task, which is most of the tail), the second one that has done so.
     */
    private void captureLatency() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Tasks.Options options = options(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        RunningTask[] task = {Tasks.start(List.of(CLASSES), DRIVER, List.of("spin", "1000", "0", "0"), options)};
        Random random = new Random(42);
        Thread.sleep(500); // let the JIT compile the spinning kernel
        captures(task, options, random, 100);
        line("Capture latency, n-body loop (target p99 ≤ 1 ms):");
        reportLatency("after 100 warm-up captures", captures(task, options, random, 500));
        captures(task, options, random, 1_000);
        reportLatency("after 1,600 captures", captures(task, options, random, 500));
        task[0].kill();
        task[0].exit().get(30, TimeUnit.SECONDS);
    }

    /** Request → captured and request → continuation in the requester's hands, in ms, sorted. */
    private record Latencies(List<Double> captured, List<Double> inHand) {
    }

    /** Captures {@code task[0]} {@code n} times, resuming it in place each time (the resumed task replaces it). */
    private static Latencies captures(RunningTask[] task, Tasks.Options options, Random random, int n) throws Exception {
        List<Double> captured = new ArrayList<>();
        List<Double> inHand = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread.sleep(1 + random.nextInt(5));
            long start = System.nanoTime();
            long[] completedAt = new long[1];
            Continuation continuation = task[0].requestCapture(Duration.ofSeconds(10))
                    .thenApply(c -> {
                        completedAt[0] = System.nanoTime();
                        return c;
                    }).get(30, TimeUnit.SECONDS);
            long end = System.nanoTime();
            captured.add((completedAt[0] - start) / 1e6);
            inHand.add((end - start) / 1e6);
            task[0] = Tasks.resumeInPlace(task[0], continuation, options);
        }
        Collections.sort(captured);
        Collections.sort(inHand);
        return new Latencies(captured, inHand);
    }

    private void reportLatency(String when, Latencies l) {
        line(String.format("- %d captures %s: request → captured p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms;"
                        + " request → continuation in the requester's hands p50 %.3f ms, p99 %.3f ms",
                l.captured().size(), when, pct(l.captured(), 50), pct(l.captured(), 90), pct(l.captured(), 99),
                l.captured().get(l.captured().size() - 1), pct(l.inHand(), 50), pct(l.inHand(), 99)));
    }

    private void codeGrowth() throws IOException {
        ClassRewriter.ClassPathView view = new dev.ferry.agent.rewrite.FileClassPath(List.of(CLASSES));
        line("| class | original bytes | rewritten bytes | growth |");
        line("|---|---|---|---|");
        for (String name : List.of("FibKernel", "NBodyKernel", "Driver")) {
            String className = "dev.ferry.samples.bench." + name;
            byte[] original = Files.readAllBytes(CLASSES.resolve(className.replace('.', '/') + ".class"));
            byte[] rewritten = new AsmClassRewriter().rewrite(className, original, view).bytes();
            line(String.format("| %s | %d | %d | %.2f× |", name, original.length, rewritten.length,
                    rewritten.length / (double) original.length));
        }
    }

    private static List<Double> timings(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("checksum"))
                .map(l -> Long.parseLong(l) / 1e6).toList();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private void line(String s) {
        System.out.println(s);
        report.append(s).append('\n');
    }

    /**
     * Loads the benchmark's classes under {@code prefix} itself, from {@code dir}, so each run gets
     * fresh copies: unrewritten ones from {@code target/test-classes} or
     * {@code target/classes-javaflow-plain}, enhanced ones from {@code target/classes-javaflow}.
     */
    private static final class ChildFirst extends URLClassLoader {
        private final String prefix;

        ChildFirst(String name, Path dir, String prefix) throws IOException {
            super(name, new URL[] {dir.toUri().toURL()}, EngineBenchmark.class.getClassLoader());
            this.prefix = prefix;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && name.startsWith(prefix) && !name.endsWith("Benchmark")) {
                    c = findClass(name);
                }
                return c != null ? c : super.loadClass(name, resolve);
            }
        }
    }
}
