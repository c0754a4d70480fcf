package dev.ferry.samples.bench;

import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.continuation.EntryKind;
import dev.ferry.runtime.continuation.FrameState;
import dev.ferry.runtime.snapshot.Snapshot;
import dev.ferry.runtime.snapshot.SnapshotCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Snapshot encode + decode throughput against {@code java.io} serialization of the same graph,
 * measured in the same run: (a) ~100 MB of primitive arrays, (b) about a million small objects.
 * Run with {@code mvn -Pbench -pl samples verify}; writes {@code target/bench/snapshot.md}.
 */
@Tag("bench")
class SnapshotBenchmark {
    private static final PrintStream NONE = new PrintStream(PrintStream.nullOutputStream());
    private final StringBuilder report = new StringBuilder();

    @Test
    void snapshotThroughputAgainstJavaIo() throws Exception {
        line("| graph | Ferry encode+decode ms | java.io ms | Ferry MB/s | Ferry ÷ java.io speed | snapshot bytes | java.io bytes | target |");
        line("|---|---|---|---|---|---|---|---|");
        Object[] arrays = new Object[100];
        for (int i = 0; i < arrays.length; i++) {
            long[] a = new long[131_072]; // 1 MiB each
            for (int k = 0; k < a.length; k++) {
                a[k] = k * 31L + i;
            }
            arrays[i] = a;
        }
        measure("(a) 100 MiB of long[]", arrays, 100L << 20, "≥ 1 GB/s");
        List<Map.Entry<String, Integer>> entries = new ArrayList<>();
        for (int i = 0; i < 500_000; i++) {
            entries.add(new AbstractMap.SimpleEntry<>("k" + i, i));
        }
        measure("(b) 1,000,000 small objects (500k entries + 500k strings)", entries, 0, "≥ 3× java.io");
        Path out = Path.of("target/bench/snapshot.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private void measure(String label, Object graph, long payloadBytes, String target) throws Exception {
        long ferry = Long.MAX_VALUE;
        long javaIo = Long.MAX_VALUE;
        int snapshotSize = 0;
        int javaIoSize = 0;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            byte[] bytes = SnapshotCodec.encode(snapshotOf(graph), NONE, NONE);
            SnapshotCodec.decode(bytes).continuation(getClass().getClassLoader());
            ferry = Math.min(ferry, System.nanoTime() - t0);
            snapshotSize = bytes.length;

            long t1 = System.nanoTime();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (ObjectOutputStream oos = new ObjectOutputStream(buffer)) {
                oos.writeObject(graph);
            }
            try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray()))) {
                ois.readObject();
            }
            javaIo = Math.min(javaIo, System.nanoTime() - t1);
            javaIoSize = buffer.size();
        }
        double mbPerSecond = (payloadBytes > 0 ? payloadBytes : snapshotSize) / 1e6 / (ferry / 1e9);
        line(String.format("| %s | %.0f | %.0f | %.0f | %.2f× | %,d | %,d | %s |", label, ferry / 1e6, javaIo / 1e6,
                mbPerSecond, javaIo / (double) ferry, snapshotSize, javaIoSize, target));
    }

    private static Snapshot snapshotOf(Object value) {
        Continuation c = new Continuation("java.lang.Object", List.of(), EntryKind.MAIN,
                List.of(new FrameState("java.lang.Object", "main", "([Ljava/lang/String;)V", 0, new Object[] {value},
                        new Object[0])), Collections.emptyMap(), Map.of());
        return new Snapshot("bench", 0, "1", "host", Instant.EPOCH, 0, 0, c);
    }

    private void line(String s) {
        System.out.println(s);
        report.append(s).append('\n');
    }
}
