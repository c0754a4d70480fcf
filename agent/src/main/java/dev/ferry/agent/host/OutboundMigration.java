package dev.ferry.agent.host;

import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.engine.NotCapturableException;
import dev.ferry.runtime.engine.RunningTask;
import dev.ferry.runtime.engine.Tasks;
import dev.ferry.runtime.protocol.Connection;
import dev.ferry.runtime.protocol.Message;
import dev.ferry.runtime.snapshot.NotMovableException;
import dev.ferry.runtime.snapshot.SnapshotCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The source's side of a move: pre-flight with the destination, capture at a safepoint, stream the
 * snapshot, wait for the destination to accept it, then fence this copy and commit.
 *
 * <p>Never two copies, never none: until the destination accepts, any failure resumes the task
 * here, untouched. From acceptance on, this copy is fenced — it runs again only if the coordinator,
 * which grants each epoch to one host, says the destination did not claim it ({@link Message.Arbitrate}).
 */
final class OutboundMigration implements Runnable {
    /**
     * Snapshot chunks are slices of the snapshot (never copied on the way out); 1 MiB keeps the
     * per-chunk work small against the bytes moved (256 KiB chunks moved 800 MB/s, 1 MiB 1.2 GB/s).
     */
    static final int CHUNK_BYTES = 1 << 20;
    private static final Duration CAPTURE_WAIT = Duration.ofSeconds(5);
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(30);

    private final HostDaemon host;
    private final HostedTask task;
    private final Message.Migrate order;
    /** The step reached; written by this thread and, during the transfer, by the task's thread. */
    private volatile String step = "PREFLIGHT";
    /** The link's queue position after the task's last output here (set by the task's thread as it sends). */
    private volatile long outputMark;

    OutboundMigration(HostDaemon host, HostedTask task, Message.Migrate order) {
        this.host = host;
        this.task = task;
        this.order = order;
    }

    /** Something went wrong before the destination accepted: the task resumes here. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    @Override
    public void run() {
        RunningTask captured = null;
        Continuation continuation = null;
        boolean fenced = false;
        Connection peer = null;
        try {
            peer = preflight();
            step("CAPTURE");
            captured = task.running();
            AtomicReference<Continuation> taken = new AtomicReference<>();
            long bytes;
            try {
                bytes = captureAndSend(peer, captured, taken);
            } finally {
                continuation = taken.get();
            }
            host.faults.reach("source.transfer");
            step("VERIFY");
            Message answer = peer.receive();
            if (!(answer instanceof Message.Accepted accepted)) {
                throw new Failure(order.destination() + " answered " + answer.getClass().getSimpleName());
            }
            if (!accepted.ok()) {
                throw new Failure(order.destination() + " refused the snapshot: " + accepted.reason());
            }
            host.faults.reach("source.accepted");
            fenced = true; // from here on, only the coordinator may let this copy run again
            step = "COMMIT";
            // The task's output up to the capture reaches the coordinator before the destination's can.
            host.link.awaitWritten(outputMark, Duration.ofSeconds(2));
            peer.send(new Message.Commit(order.migrationId()));
            host.link.send(new Message.MigrationStep(order.migrationId(), task.id, step)); // after: not in the downtime
            host.faults.reach("source.committed");
            Message committed = peer.receive();
            if (committed instanceof Message.Committed c && c.running()) {
                handedOff(bytes);
                return;
            }
            throw new Failure(order.destination() + " did not start the task: " + committed);
        } catch (Failure | IOException | RuntimeException e) {
            String why = e instanceof Failure ? e.getMessage() : HostLog.reason(e);
            if (peer != null && !fenced) {
                abort(peer, why);
            }
            if (fenced) {
                arbitrate(captured, continuation, why);
            } else {
                stayHere(captured, continuation, why);
            }
        } finally {
            if (peer != null) {
                peer.close();
            }
        }
    }

    private Connection preflight() throws IOException, Failure {
        step("PREFLIGHT");
        Connection peer = Connection.connect(host.options.transport(), HostOptions.address(order.destinationAddress()),
                host.options.secret(), "peer", host.options.name(), Duration.ofSeconds(5));
        peer.readTimeout(PEER_TIMEOUT);
        peer.send(new Message.Prepare(order.migrationId(), task.id, task.epoch, task.className, task.args,
                task.startedMillis, task.moves,
                host.code.describe(task.classPath), task.running().fingerprints()));
        host.faults.reach("source.preflight");
        while (true) {
            Message m = peer.receive();
            if (m instanceof Message.FetchCode fetch) {
                sendCode(peer, fetch.sha256());
            } else if (m instanceof Message.Prepared prepared) {
                if (!prepared.ready()) {
                    throw new Failure(prepared.reason());
                }
                return peer;
            } else {
                throw new Failure(order.destination() + " answered " + m.getClass().getSimpleName() + " to a pre-flight");
            }
        }
    }

    private void sendCode(Connection peer, String sha256) throws IOException {
        byte[] jar = host.code.jarOf(task.classPath, sha256);
        host.log.info("sending code " + sha256.substring(0, 12) + "… (" + jar.length + " bytes) to " + order.destination());
        for (int offset = 0; offset == 0 || offset < jar.length; offset += CHUNK_BYTES) {
            int end = Math.min(jar.length, offset + CHUNK_BYTES);
            peer.send(new Message.CodeChunk(sha256, Arrays.copyOfRange(jar, offset, end), end == jar.length));
        }
    }

    /**
     * Captures the task and sends its snapshot. The sending is done by the task's own thread the
     * moment it has unwound (a callback on the capture), so no hand-over between threads falls in
     * the task's downtime; this thread waits for the outcome.
     */
    private long captureAndSend(Connection peer, RunningTask running, AtomicReference<Continuation> taken)
            throws Failure, IOException {
        CompletableFuture<Long> sent = running.requestCapture(CAPTURE_WAIT).thenApply(continuation -> {
            taken.set(continuation);
            try {
                host.faults.reach("source.captured");
                step("TRANSFER");
                // the task's last instruction here, not when this thread heard of it
                return transfer(peer, running, continuation, running.stoppedNanos());
            } catch (IOException | Failure e) {
                throw new CompletionException(e);
            }
        });
        try {
            return sent.get(CAPTURE_WAIT.toMillis() + 60_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause(); // get() has unwrapped the CompletionException
            if (cause instanceof Failure f) {
                throw f;
            } else if (cause instanceof IOException io) {
                throw io;
            } else if (cause instanceof NotCapturableException) {
                throw new Failure(cause.getMessage());
            }
            throw new Failure("capture failed: " + cause);
        } catch (TimeoutException e) {
            throw new Failure("the capture did not complete");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    private long transfer(Connection peer, RunningTask captured, Continuation continuation, long capturedNanos)
            throws IOException, Failure {
        task.out.flush();
        task.err.flush();
        outputMark = host.link.queuedSoFar(); // the task's output up to the capture is queued before this mark
        byte[] bytes;
        long start = System.nanoTime();
        try {
            bytes = task.snapshot(captured, continuation, host.options.name());
        } catch (NotMovableException e) {
            throw new Failure("the task cannot move: " + e.getMessage());
        }
        long encoded = System.nanoTime();
        long crc = SnapshotCodec.checksum(bytes);
        if (host.faults.corrupts("source.transfer")) {
            bytes[bytes.length / 2] ^= 0x5a; // after hashing: as if damaged on the way
        }
        for (int offset = 0; offset == 0 || offset < bytes.length; offset += CHUNK_BYTES) {
            int end = Math.min(bytes.length, offset + CHUNK_BYTES);
            boolean last = end == bytes.length;
            peer.send(new Message.SnapshotChunk(order.migrationId(), bytes.length, ByteBuffer.wrap(bytes, offset, end - offset),
                    last, last ? crc : 0, capturedNanos));
        }
        host.log.fine(String.format("task %s: captured -> encoding %.3f ms, encoding %.3f ms, sending %.3f ms", task.id,
                (start - capturedNanos) / 1e6, (encoded - start) / 1e6, (System.nanoTime() - encoded) / 1e6));
        return bytes.length;
    }

    private void handedOff(long bytes) {
        host.tasks.remove(task.id, task);
        task.end();
        host.log.info("task " + task.id + " moved to " + order.destination() + " (" + bytes + " bytes)");
    }

    /** Before the hand-off: the task was never fenced, so it simply goes on here. */
    private void stayHere(RunningTask captured, Continuation continuation, String why) {
        if (continuation != null) {
            host.run(task, Tasks.resumeInPlace(captured, continuation, task.options));
        }
        task.end();
        host.applyPendingKill(task);
        host.log.warning("move of task " + task.id + " to " + order.destination() + " failed at " + step + ": " + why
                + "; it runs on here");
        host.link.send(new Message.MigrationFailed(order.migrationId(), task.id, step, why));
    }

    /**
     * After the destination accepted and then failed or went silent: the coordinator decides. It
     * answers "moved" if the destination claimed the task, and otherwise cancels the move so no
     * later claim can succeed; then this copy resumes. The question is repeated until answered:
     * meanwhile the task waits, fenced, rather than risk running twice.
     */
    private void arbitrate(RunningTask captured, Continuation continuation, String why) {
        host.log.warning("move of task " + task.id + " to " + order.destination() + " broke after the hand-off ("
                + why + "); asking the coordinator who owns it");
        while (true) {
            CompletableFuture<Message> reply = new CompletableFuture<>();
            host.replies.put(order.migrationId(), reply);
            host.link.send(new Message.Arbitrate(order.migrationId(), task.id));
            try {
                Message.Arbitrated answer = (Message.Arbitrated) reply.get(5, TimeUnit.SECONDS);
                if (answer.moved()) {
                    handedOff(-1);
                } else {
                    stayHere(captured, continuation, why);
                }
                return;
            } catch (TimeoutException e) {
                host.replies.remove(order.migrationId(), reply); // ask again
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void abort(Connection peer, String why) {
        try {
            peer.send(new Message.Abort(order.migrationId(), why));
        } catch (IOException e) {
            host.log.fine("could not tell " + order.destination() + " the move is off: " + e.getMessage());
        }
    }

    private void step(String next) {
        step = next;
        host.link.send(new Message.MigrationStep(order.migrationId(), task.id, next));
    }
}
