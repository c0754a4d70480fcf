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
        Thread t = HostDaemon.daemonThread(() -> run(log), "ferry-warmup");
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
            warmTransfer();
            log.fine(String.format("codecs warmed up in %.0f ms", (System.nanoTime() - start) / 1e6));
        } catch (dev.ferry.runtime.snapshot.NotMovableException | java.io.IOException | RuntimeException e) {
            log.warning("warming up the codecs failed (moves will only be slower): " + e);
        }
    }

    /**
     * Sends 32 MiB of snapshot chunks to itself over a loopback connection, so that the path a big
     * snapshot takes (framing, raw byte arrays, copying into place) is compiled before it is needed.
     */
    private static void warmTransfer() throws java.io.IOException {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread receiver = HostDaemon.daemonThread(() -> {
                try (dev.ferry.runtime.protocol.Connection c = dev.ferry.runtime.protocol.Connection.accept(server.accept(),
                        dev.ferry.runtime.protocol.ClusterSecret.NONE)) {
                    byte[] into = new byte[CHUNK];
                    while (true) { // read into place, as a destination reads a snapshot
                        Message.SnapshotChunk chunk = (Message.SnapshotChunk) c.receive(n -> java.nio.ByteBuffer.wrap(into));
                        if (chunk.last()) {
                            return;
                        }
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    // the sender notices
                }
            }, "ferry-warmup-receiver");
            receiver.start();
            byte[] data = new byte[CHUNK];
            try (dev.ferry.runtime.protocol.Connection c = dev.ferry.runtime.protocol.Connection.connect(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), server.getLocalPort()),
                    dev.ferry.runtime.protocol.ClusterSecret.NONE, "peer", "warm-up", java.time.Duration.ofSeconds(5))) {
                int chunks = WARM_BYTES / CHUNK;
                for (int i = 0; i < chunks; i++) {
                    c.send(new Message.SnapshotChunk("warm-up", (long) chunks * CHUNK, java.nio.ByteBuffer.wrap(data),
                            i == chunks - 1, 0, 0));
                }
            }
            try {
                receiver.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final int CHUNK = OutboundMigration.CHUNK_BYTES;
    private static final int WARM_BYTES = 32 << 20;
}
