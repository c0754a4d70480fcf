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
        if (Boolean.getBoolean("ferry.golden.record")) {
            Files.createDirectories(RESOURCES);
            Files.write(RESOURCES.resolve("sample-v1.snapshot"), fresh);
            Files.writeString(RESOURCES.resolve("sample-v1.yaml"), SnapshotCodec.toYaml(fresh));
        }
        byte[] golden = resource("sample-v1.snapshot");
        String goldenYaml = new String(resource("sample-v1.yaml"), StandardCharsets.UTF_8);
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
    }

    private static byte[] resource(String name) throws IOException {
        Path file = RESOURCES.resolve(name);
        if (!Files.exists(file)) {
            throw new IOException("missing golden file " + file + "; record it with -Dferry.golden.record=true");
        }
        return Files.readAllBytes(file);
    }
}
