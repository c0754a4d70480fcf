package dev.ferry.agent.host;

import dev.ferry.runtime.engine.PreparedResume;
import dev.ferry.runtime.engine.ResumeTarget;
import dev.ferry.runtime.engine.RunningTask;
import dev.ferry.runtime.engine.Tasks;
import dev.ferry.runtime.protocol.Connection;
import dev.ferry.runtime.protocol.Message;
import dev.ferry.runtime.snapshot.Snapshot;
import dev.ferry.runtime.snapshot.SnapshotCodec;
import dev.ferry.runtime.snapshot.SnapshotReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The destination's side of a move, on one peer connection: answer the pre-flight (fetching any
 * code it lacks, checking class fingerprints), receive the snapshot, decode and rebuild the task
 * without starting it, accept; on the source's commit, claim the task from the coordinator and,
 * if granted, start it. Anything short of a granted claim drops what was received: the source
 * still owns the task.
 */
final class InboundMigration {
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(30);

    private final HostDaemon host;
    private final Connection peer;

    InboundMigration(HostDaemon host, Connection peer) {
        this.host = host;
        this.peer = peer;
    }

    void run() throws IOException {
        peer.readTimeout(PEER_TIMEOUT);
        Message first = peer.receive();
        if (!(first instanceof Message.Prepare prepare)) {
            host.log.warning(peer.peerName() + " opened with " + first.getClass().getSimpleName() + ", not Prepare");
            return;
        }
        List<Path> classPath = preflight(prepare);
        if (classPath == null) {
            return;
        }
        // Everything that does not need the snapshot is done now, while the task still runs at the source.
        HostedTask task = new HostedTask(prepare.taskId(), prepare.className(), prepare.args(), classPath,
                prepare.epoch() + 1, prepare.startedMillis(), prepare.moves() + 1, host.link::send);
        ResumeTarget target;
        try {
            target = Tasks.prepareTarget(classPath, task.options, prepare.fingerprints());
        } catch (RuntimeException e) {
            peer.send(new Message.Prepared(prepare.migrationId(), false, host.options.name() + " cannot run task "
                    + prepare.taskId() + ": " + HostLog.reason(e)));
            return;
        }
        host.faults.reach("dest.prepared");
        peer.send(new Message.Prepared(prepare.migrationId(), true, ""));

        byte[] bytes = null;
        int received = 0;
        long capturedNanos;
        long crc;
        long firstChunkNanos = 0;
        long transferNanos;
        while (true) {
            // After the first chunk (which says how big the snapshot is), chunks are read into place.
            byte[] into = bytes;
            int at = received;
            Message m = peer.receive(n -> into == null ? null : ByteBuffer.wrap(into, at, into.length - at));
            if (!(m instanceof Message.SnapshotChunk chunk)) {
                dropped(prepare, m);
                return;
            }
            if (bytes == null) {
                firstChunkNanos = System.nanoTime();
                if (chunk.totalBytes() < 0 || chunk.totalBytes() > SnapshotCodec.MAX_SNAPSHOT_BYTES) {
                    peer.send(new Message.Accepted(prepare.migrationId(), false, "a snapshot of " + chunk.totalBytes()
                            + " bytes (the limit is " + SnapshotCodec.MAX_SNAPSHOT_BYTES + ")"));
                    return;
                }
                bytes = new byte[(int) chunk.totalBytes()];
            }
            int size = chunk.data().remaining();
            if (received + size > bytes.length) {
                peer.send(new Message.Accepted(prepare.migrationId(), false, "more snapshot bytes than announced"));
                return;
            }
            if (!(chunk.data().hasArray() && chunk.data().array() == bytes)) {
                chunk.data().get(bytes, received, size);
            }
            received += size;
            if (chunk.last()) {
                transferNanos = System.nanoTime() - firstChunkNanos;
                capturedNanos = chunk.capturedNanos();
                crc = chunk.crc32c();
                break;
            }
        }
        long receivedNanos = System.nanoTime();
        host.faults.reach("dest.received");
        PreparedResume prepared;
        try {
            if (received != bytes.length) {
                throw new IllegalArgumentException("the snapshot is short: " + received + " of " + bytes.length + " bytes");
            }
            if (SnapshotCodec.checksum(bytes) != crc) {
                throw new IllegalArgumentException("the snapshot is corrupt: its CRC-32C does not match the source's");
            }
            SnapshotReader reader = SnapshotCodec.decode(bytes);
            Snapshot header = reader.header();
            if (!header.taskId().equals(prepare.taskId()) || header.epoch() != prepare.epoch()) {
                throw new IllegalArgumentException("the snapshot is task " + header.taskId() + " epoch " + header.epoch()
                        + ", not task " + prepare.taskId() + " epoch " + prepare.epoch());
            }
            task.out.startAt(header.stdoutBytes());
            task.err.startAt(header.stderrBytes());
            prepared = target.prepare(reader);
        } catch (RuntimeException e) {
            String why = host.options.name() + " cannot resume the snapshot: " + HostLog.reason(e);
            host.log.warning("task " + prepare.taskId() + ": " + why);
            peer.send(new Message.Accepted(prepare.migrationId(), false, why));
            return;
        }
        try {
            long decodedNanos = System.nanoTime();
            peer.send(new Message.Accepted(prepare.migrationId(), true, ""));
            host.faults.reach("dest.accepted");

            Message decision = peer.receive();
            if (!(decision instanceof Message.Commit)) {
                dropped(prepare, decision);
                return;
            }
            long commitNanos = System.nanoTime();
            Message.ClaimReply claim = claim(prepare, task);
            if (!claim.granted()) {
                host.log.warning("the coordinator refused task " + task.id + " here: " + claim.reason());
                peer.send(new Message.Committed(prepare.migrationId(), false, claim.reason()));
                return;
            }
            host.faults.reach("dest.claimed");
            host.tasks.put(task.id, task);
            long resumedNanos = System.nanoTime();
            RunningTask running = prepared.start();
            // The coordinator hears that the move is done before it can hear that the task ended here:
            // its end is reported only once host.run watches it. A task that fails at once after a move
            // was otherwise reported as a failed move that "runs on" its source.
            host.link.send(new Message.Resumed(prepare.migrationId(), task.id, task.epoch, resumedNanos - capturedNanos,
                    bytes.length, transferNanos));
            host.run(task, running);
            peer.send(new Message.Committed(prepare.migrationId(), true, ""));
            host.log.fine(String.format("task %s downtime: until received %.3f ms, decode+build %.3f ms,"
                            + " accept->commit %.3f ms, claim %.3f ms", task.id, (receivedNanos - capturedNanos) / 1e6,
                    (decodedNanos - receivedNanos) / 1e6, (commitNanos - decodedNanos) / 1e6, (resumedNanos - commitNanos) / 1e6));
            host.log.info("task " + task.id + " arrived from " + peer.peerName() + " (epoch " + task.epoch + ", "
                    + bytes.length + " bytes, " + String.format("%.2f", (resumedNanos - capturedNanos) / 1e6) + " ms down)");
            host.faults.reach("dest.resumed");
        } finally {
            prepared.discard(); // a move given up lets go of the unstarted task; once started, a no-op
        }
    }

    /** The class path to run the task from, or null (after telling the source why) if it cannot run here. */
    private List<Path> preflight(Message.Prepare prepare) throws IOException {
        List<Path> classPath = new ArrayList<>();
        for (Message.CodeEntry entry : prepare.code()) {
            Path local = host.code.find(entry.sha256());
            if (local == null) {
                local = fetch(prepare.migrationId(), entry);
                if (local == null) {
                    return null;
                }
            }
            classPath.add(local);
        }
        return classPath; // the classes' fingerprints are checked as the task's loader is prepared
    }

    /** The fetched entry, or null after telling the source why there is none. */
    private Path fetch(String migrationId, Message.CodeEntry entry) throws IOException {
        host.log.info("fetching classes " + entry.name() + " (" + entry.sha256().substring(0, 12) + "…, " + entry.size()
                + " bytes) from " + peer.peerName());
        peer.send(new Message.FetchCode(entry.sha256()));
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        while (true) {
            Message m = peer.receive();
            if (!(m instanceof Message.CodeChunk chunk) || !chunk.sha256().equals(entry.sha256())) {
                String why = "expected the code " + entry.sha256().substring(0, 12) + "… from " + peer.peerName()
                        + ", got " + m.getClass().getSimpleName();
                host.log.warning(why);
                peer.send(new Message.Prepared(migrationId, false, why));
                return null;
            }
            jar.write(chunk.data());
            if (chunk.last()) {
                break;
            }
        }
        try {
            return host.code.store(entry.sha256(), jar.toByteArray());
        } catch (IllegalArgumentException e) {
            peer.send(new Message.Prepared(migrationId, false, e.getMessage()));
            return null;
        }
    }

    /**
     * Asks the coordinator for the task's new epoch. If the coordinator cannot be asked in time the
     * answer counts as a refusal: the source then asks the coordinator itself, and whoever the
     * coordinator names owns the task.
     */
    private Message.ClaimReply claim(Message.Prepare prepare, HostedTask task) {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        host.replies.put(prepare.migrationId(), reply);
        host.link.send(new Message.Claim(prepare.migrationId(), task.id, task.epoch, task.out.position(),
                task.err.position()));
        try {
            return (Message.ClaimReply) reply.get(PEER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            host.replies.remove(prepare.migrationId(), reply);
            return new Message.ClaimReply(prepare.migrationId(), task.id, false, "the coordinator did not answer the claim");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Message.ClaimReply(prepare.migrationId(), task.id, false, "interrupted");
        }
    }

    private void dropped(Message.Prepare prepare, Message m) {
        String why = m instanceof Message.Abort abort ? abort.reason() : "unexpected " + m.getClass().getSimpleName();
        host.log.info("move of task " + prepare.taskId() + " from " + peer.peerName() + " called off: " + why);
    }
}
