package dev.ferry.runtime.snapshot;

import java.io.PrintStream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;

/** Snapshots to bytes (Chronicle Wire, binary) and back, and to YAML for people. */
public final class SnapshotCodec {
    /** Bumped whenever the document's layout changes meaning. */
    public static final int FORMAT_VERSION = 1;

    private SnapshotCodec() {
    }

    /**
     * Encodes a snapshot.
     *
     * @param taskOut the task's stdout stream (written as a token, rebound on the other side)
     * @param taskErr the task's stderr stream
     * @throws NotMovableException if something reachable cannot travel; the message names the path
     */
    public static byte[] encode(Snapshot snapshot, PrintStream taskOut, PrintStream taskErr) throws NotMovableException {
        return new SnapshotWriter(taskOut, taskErr).write(snapshot);
    }

    /**
     * Reads a snapshot's bytes; the result resumes it ({@link dev.ferry.runtime.engine.Tasks#resume}).
     *
     * @throws SnapshotFormatException if the bytes are not a snapshot this Ferry can resume
     */
    public static SnapshotReader decode(byte[] bytes) {
        return SnapshotReader.read(bytes);
    }

    /** The document as YAML. */
    public static String toYaml(byte[] bytes) {
        try {
            Bytes<?> out = Bytes.allocateElasticOnHeap();
            Wire yaml = WireType.YAML_ONLY.apply(out);
            WireType.BINARY_LIGHT.apply(Bytes.wrapForRead(bytes)).copyTo(yaml);
            return out.toString();
        } catch (RuntimeException e) {
            throw new SnapshotFormatException("not a readable Ferry snapshot (truncated or corrupt): " + e, e);
        }
    }
}
