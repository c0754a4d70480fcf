package dev.ferry.runtime.snapshot;

import java.io.PrintStream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;

/** Snapshots to bytes (Chronicle Wire, binary) and back, and to YAML for people. */
public final class SnapshotCodec {
    /**
     * Bumped whenever the document's layout changes meaning. 2: interned strings are marked as such
     * in the object table (a format-1 snapshot, which has none marked, is still read). 3: a
     * {@code WeakHashMap} is an entry of its own, its key, value pairs (older formats have none).
     */
    public static final int FORMAT_VERSION = 3;
    /** The oldest format this Ferry still reads. */
    static final int OLDEST_FORMAT_READ = 1;

    /** The largest snapshot read or received: it must fit one Java array. */
    public static final int MAX_SNAPSHOT_BYTES = Integer.MAX_VALUE - 8;

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
        return encode(snapshot, taskOut, taskErr, frame -> dev.ferry.runtime.continuation.FrameDebug.NONE);
    }

    /**
     * Encodes a snapshot with each frame's source line and local variable names, for people
     * reading it ({@code RunningTask::debugInfo} knows them).
     */
    public static byte[] encode(Snapshot snapshot, PrintStream taskOut, PrintStream taskErr,
                                java.util.function.Function<dev.ferry.runtime.continuation.FrameState,
                                        dev.ferry.runtime.continuation.FrameDebug> debug) throws NotMovableException {
        // A transient field of a task class moves unless what it holds cannot: then it is left
        // behind and the snapshot written again without it (rare, so the simple way is the right one).
        SnapshotWriter.LeftBehind leftBehind = new SnapshotWriter.LeftBehind();
        while (true) {
            SnapshotWriter writer = new SnapshotWriter(taskOut, taskErr, debug, leftBehind);
            try {
                return writer.write(snapshot);
            } catch (NotMovableException e) {
                if (!writer.leaveBehindWhatRefused(leftBehind)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Reads a snapshot's bytes; the result resumes it ({@link dev.ferry.runtime.engine.Tasks#resume}).
     *
     * @throws SnapshotFormatException if the bytes are not a snapshot this Ferry can resume
     */
    public static SnapshotReader decode(byte[] bytes) {
        return SnapshotReader.read(bytes);
    }

    /**
     * For people: the snapshot's header, each frame with its source line and named locals, the
     * statics, and a summary of the heap by class.
     */
    public static String describe(byte[] bytes) {
        return SnapshotReader.read(bytes).describe();
    }

    /**
     * The CRC-32C of a snapshot's bytes, checked by a host receiving it: damage on the way shows at
     * memory speed (the connection itself is authenticated).
     */
    public static long checksum(byte[] bytes) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }

    /** The whole document as YAML, exactly as stored. */
    public static String toYaml(byte[] bytes) {
        long document = SnapshotReader.read(bytes).documentLength();
        try {
            Bytes<?> out = Bytes.allocateElasticOnHeap();
            Wire yaml = WireType.YAML_ONLY.apply(out);
            Bytes<?> in = Bytes.wrapForRead(bytes);
            in.readLimit(document);
            WireType.BINARY_LIGHT.apply(in).copyTo(yaml);
            out.append("# followed by the object table: ").append(bytes.length - document).append(" bytes\n");
            return out.toString();
        } catch (RuntimeException e) {
            throw new SnapshotFormatException("not a readable Ferry snapshot (truncated or corrupt): " + e, e);
        }
    }
}
