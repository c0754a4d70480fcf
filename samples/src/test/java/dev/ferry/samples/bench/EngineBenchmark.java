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
import java.io.InputStream;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The engine's benchmark: run with {@code mvn -Pbench -pl samples -am verify}. Not a test — it
 * asserts nothing about time; it prints, measured in one run on this machine:
 * <ul>
 *   <li>rewritten ÷ plain time for a call-heavy (recursive fib) and a loop-heavy (n-body) kernel,
 *       each run in alternating rounds in fresh class loaders, medians of medians;</li>
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
    private static final int ROUNDS = 5;

    private final StringBuilder report = new StringBuilder();

    @Test
    void engineOverheadAndCaptureLatency() throws Exception {
        line("# Engine benchmark (" + System.getProperty("java.vm.name") + " " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cpus)");
        line("");
        line("| workload | plain ms (median) | Ferry ms (median) | Ferry ÷ plain | target |");
        line("|---|---|---|---|---|");
        overhead("call-heavy: fib(32)", "fib", 32, 10, 15, "≤ 1.30");
        overhead("loop-heavy: n-body 1,000,000 steps", "nbody", 1_000_000, 5, 10, "≤ 1.10");
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
        for (int round = 0; round < ROUNDS; round++) {
            plain.add(median(runPlain(args)));
            ferry.add(median(runFerry(args)));
        }
        double p = median(plain);
        double f = median(ferry);
        line(String.format("| %s | %.1f | %.1f | %.3f | %s |", label, p, f, f / p, target));
    }

    private List<Double> runPlain(String[] args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (URLClassLoader loader = new ChildFirst(CLASSES)) {
            Class<?> driver = Class.forName(DRIVER, true, loader);
            Throwable[] failure = new Throwable[1];
            Thread thread = new Thread(null, () -> {
                try {
                    driver.getMethod("run", String[].class, PrintStream.class).invoke(null, args, new PrintStream(bytes, true));
                } catch (ReflectiveOperationException e) {
                    failure[0] = e;
                }
            }, "plain", 512L << 20);
            thread.start();
            thread.join();
            if (failure[0] != null) {
                throw new IllegalStateException(failure[0]);
            }
        }
        return timings(bytes);
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

    private void captureLatency() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Tasks.Options options = options(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        RunningTask task = Tasks.start(List.of(CLASSES), DRIVER, List.of("spin", "1000", "0", "0"), options);
        Random random = new Random(42);
        List<Double> latencies = new ArrayList<>();
        int captures = 300;
        Thread.sleep(500); // let the JIT compile the spinning kernel
        for (int i = 0; i < captures; i++) {
            Thread.sleep(1 + random.nextInt(5));
            long start = System.nanoTime();
            Continuation continuation = task.requestCapture(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
            latencies.add((System.nanoTime() - start) / 1e6);
            task = Tasks.resumeInPlace(task, continuation, options);
        }
        task.kill();
        task.exit().get(30, TimeUnit.SECONDS);
        Collections.sort(latencies);
        line(String.format("Capture latency, request → continuation in hand, n-body loop, %d captures: "
                        + "p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms (target p99 ≤ 1 ms)",
                captures, pct(latencies, 50), pct(latencies, 90), pct(latencies, 99), latencies.get(latencies.size() - 1)));
    }

    private void codeGrowth() throws IOException {
        ClassRewriter.ClassPathView view = new ClassRewriter.ClassPathView() {
            @Override
            public byte[] classBytes(String internalName) {
                try {
                    Path p = CLASSES.resolve(internalName + ".class");
                    if (Files.exists(p)) {
                        return Files.readAllBytes(p);
                    }
                    try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
                        return in == null ? null : in.readAllBytes();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public boolean isTaskClass(String internalName) {
                return Files.exists(CLASSES.resolve(internalName + ".class"));
            }
        };
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

    /** Loads the benchmark's classes itself, so the plain run gets fresh, unrewritten copies. */
    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(Path dir) throws IOException {
            super("plain", new URL[] {dir.toUri().toURL()}, EngineBenchmark.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && name.startsWith("dev.ferry.samples.bench.") && !name.endsWith("Benchmark")) {
                    c = findClass(name);
                }
                return c != null ? c : super.loadClass(name, resolve);
            }
        }
    }
}
