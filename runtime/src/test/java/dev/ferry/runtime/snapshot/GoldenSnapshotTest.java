package dev.ferry.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.runtime.continuation.Continuation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Recorded snapshots, decoded on every build: a change to the format shows up as a failing test
 * and a diff of {@code golden/*.yaml}, never as snapshots that silently stop resuming. To record
 * anew after a deliberate format change (and a bump of FORMAT_VERSION), run with
 * {@code -Dferry.golden.record=true} and commit the files it writes under src/test/resources.
 */
class GoldenSnapshotTest {
    private static final Path RESOURCES = Path.of("src/test/resources/golden");

    @Test
    void recordedSnapshot_decodes_andEncodesToTheSameBytes() throws Exception {
        byte[] fresh = SampleSnapshot.bytes();
        String name = "sample-v" + SnapshotCodec.FORMAT_VERSION;
        if (Boolean.getBoolean("ferry.golden.record")) {
            Files.createDirectories(RESOURCES);
            Files.write(RESOURCES.resolve(name + ".snapshot"), fresh);
            Files.writeString(RESOURCES.resolve(name + ".yaml"), SnapshotCodec.toYaml(fresh));
        }
        byte[] golden = resource(name + ".snapshot");
        String goldenYaml = new String(resource(name + ".yaml"), StandardCharsets.UTF_8);
        assertEquals(goldenYaml, SnapshotCodec.toYaml(golden), "the YAML view of the recorded snapshot");
        SnapshotReader reader = SnapshotCodec.decode(golden);
        Continuation c = reader.continuation(getClass().getClassLoader());
        Snapshot again = new Snapshot(reader.header().taskId(), reader.header().epoch(), reader.header().engineVersion(),
                reader.header().capturedOn(), reader.header().capturedAt(), reader.header().stdoutBytes(),
                reader.header().stderrBytes(), c);
        PrintStream none = new PrintStream(PrintStream.nullOutputStream());
        assertArrayEquals(golden, SnapshotCodec.encode(again, none, none), "decode then encode gives the recorded bytes");
        assertArrayEquals(golden, fresh, "today's writer writes what was recorded");
        assertEquals(Instant.EPOCH, reader.header().capturedAt());
        java.util.Map<?, ?> weak = (java.util.Map<?, ?>) c.frames().get(0).locals()[10];
        assertEquals(java.util.WeakHashMap.class, weak.getClass(), "a WeakHashMap (format 3) comes back as one");
        assertEquals(3, weak.get("w"));
    }

    /** A snapshot of format 1 (before interned strings were marked) still decodes, to the same values. */
    @Test
    void formatOneSnapshot_stillDecodes() throws Exception {
        byte[] old = resource("sample-v1.snapshot");
        assertEquals(new String(resource("sample-v1.yaml"), StandardCharsets.UTF_8), SnapshotCodec.toYaml(old));
        SnapshotReader reader = SnapshotCodec.decode(old);
        Continuation c = reader.continuation(getClass().getClassLoader());
        Object[] locals = c.frames().get(0).locals();
        assertEquals(java.util.List.of("x", 42L), ((java.util.List<?>) locals[4]).subList(0, 2));
        assertEquals(7, locals[1]);
    }

    /** An interned string comes back as the reading JVM's interned instance; any other string does not. */
    @Test
    void internedStrings_comeBackInterned() throws Exception {
        SnapshotReader reader = SnapshotCodec.decode(resource("sample-v2.snapshot"));
        java.util.List<?> list = (java.util.List<?>) reader.continuation(getClass().getClassLoader()).frames().get(0).locals()[4];
        String symbol = (String) list.get(4);
        assertEquals("sym-1", symbol);
        org.junit.jupiter.api.Assertions.assertSame("sym-1", symbol, "decoded as the JVM's interned \"sym-1\"");
        String x = (String) list.get(0);
        assertEquals("x", x);
        org.junit.jupiter.api.Assertions.assertNotSame("x", x, "a string not known to be interned stays a string of its own");
    }

    private static byte[] resource(String name) throws IOException {
        Path file = RESOURCES.resolve(name);
        if (!Files.exists(file)) {
            throw new IOException("missing golden file " + file + "; record it with -Dferry.golden.record=true");
        }
        return Files.readAllBytes(file);
    }
}
