package dev.ferry.agent.host;

import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.continuation.EntryKind;
import dev.ferry.runtime.continuation.FrameState;
import dev.ferry.runtime.protocol.Message;
import dev.ferry.runtime.protocol.MessageCodec;
import dev.ferry.runtime.snapshot.Snapshot;
import dev.ferry.runtime.snapshot.SnapshotCodec;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Exercises the snapshot and message codecs on a dummy task right after a host starts, on a
 * background thread, so the JIT has compiled them before the first move. Moves are rare events:
 * without this every move would encode and decode in the interpreter, which on its own is about
 * 2 ms of the task's downtime.
 */
final class Warmup {
    private static final int ROUNDS = 500; // enough for the JIT's first tier; the rest would cost a loaded host more CPU than it saves

    private Warmup() {
    }

    static void start(HostLog log) {
        Thread t = new Thread(() -> run(log), "ferry-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run(HostLog log) {
        long start = System.nanoTime();
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        Continuation dummy = new Continuation("java.lang.Object", List.of("warm-up"), EntryKind.MAIN,
                List.of(new FrameState("java.lang.Object", "main", "([Ljava/lang/String;)V", 0,
                        new Object[] {new String[] {"warm-up"}, 42L, new int[] {1, 2, 3}}, new Object[0])),
                Map.of(), Map.of("java.lang.Object", "0"));
        try {
            for (int i = 0; i < ROUNDS; i++) {
                byte[] bytes = SnapshotCodec.encode(new Snapshot("warm-up", i, "0", "warm-up", Instant.EPOCH, 0, 0, dummy),
                        none, none);
                SnapshotCodec.decode(bytes).continuation(Warmup.class.getClassLoader());
                MessageCodec.decode(MessageCodec.encode(new Message.SnapshotChunk("m", bytes.length, java.nio.ByteBuffer.wrap(bytes), true, i, i)));
                MessageCodec.decode(MessageCodec.encode(new Message.Claim("m", "t", i, i, i)));
            }
            log.fine(String.format("codecs warmed up in %.0f ms", (System.nanoTime() - start) / 1e6));
        } catch (dev.ferry.runtime.snapshot.NotMovableException | RuntimeException e) {
            log.warning("warming up the codecs failed (moves will only be slower): " + e);
        }
    }
}
