package dev.ferry.runtime.protocol;

import java.util.List;
import java.util.Map;

/**
 * Every message of the cluster protocol, one immutable record per step. docs/protocol.md says who
 * sends each, when, and what the receiver does with it. Field types are limited to what
 * {@link MessageCodec} encodes: strings, numbers, booleans, byte arrays, heap byte buffers (a slice
 * sent without copying), lists of strings or of the nested records below, and string maps.
 */
public sealed interface Message {

    // ---- handshake (every connection, before anything else) -------------------------------------

    /** Server → client on connect: prove you know the secret by signing this nonce. */
    record Challenge(int protocolVersion, String nonce, boolean secured) implements Message { }

    /**
     * Client → server: who I am, and my proof ({@code HMAC(secret, "client" | serverNonce | clientNonce | name)}).
     *
     * @param role {@code host} or {@code peer} (a host sending or fetching a task)
     */
    record Authenticate(int protocolVersion, String role, String name, String nonce, String proof) implements Message { }

    /** Server → client: accepted, and the server's own proof ({@code HMAC(secret, "server" | clientNonce | serverNonce)}). */
    record Welcome(String proof) implements Message { }

    /** Either side: the connection is refused or closed, and why. */
    record Refused(String reason) implements Message { }

    // ---- host ↔ coordinator -----------------------------------------------------------------------

    /**
     * A task a host runs, as it reports it in hellos and heartbeats: enough for a coordinator that
     * lost track of it (restarted) to take it back as it was.
     *
     * @param startedMillis when the task was first launched, on whichever host (epoch milliseconds)
     * @param moves         how many times it has moved
     */
    record TaskReport(String taskId, long epoch, String className, List<String> args, String state, long startedMillis,
                      int moves) { }

    /**
     * Host → coordinator after the handshake: joining (or re-joining, with the tasks it still runs).
     *
     * @param address where peers reach this host ({@code host:port})
     */
    record Hello(String host, String address, int cpus, String javaVersion, String engineVersion,
                 List<TaskReport> tasks) implements Message { }

    /** Coordinator → host: joined; send heartbeats this often; task ids are unique cluster-wide. */
    record Joined(String coordinator, long heartbeatMillis) implements Message { }

    /** Host → coordinator, every heartbeat interval: alive, and how loaded. */
    record Heartbeat(int tasks, double cpuLoad, long heapUsed, long heapMax, List<TaskReport> running) implements Message { }

    /** Coordinator → host: start a task from the host's task class path. */
    record Launch(String taskId, String className, List<String> args) implements Message { }

    /** Host → coordinator: the task runs (epoch 0), or could not start. */
    record Launched(String taskId, long epoch, boolean started, String error) implements Message { }

    /** Coordinator → host: kill the task at its next safepoint. */
    record Kill(String taskId) implements Message { }

    /** Host → coordinator: a task's copy at {@code epoch} ended. {@code state} is FINISHED, FAILED or KILLED. */
    record TaskEnded(String taskId, long epoch, String state, int exitStatus, String failure) implements Message { }

    /**
     * Host → coordinator: bytes a task wrote. {@code offset} is the position of {@code data} in the
     * task's whole stream across moves, so the coordinator drops repeats and orders what arrives
     * from two hosts around a move.
     *
     * @param stream {@code out} or {@code err}; {@code gap:out} or {@code gap:err} when the host no
     *               longer holds the bytes before {@code offset} (the coordinator notes the loss)
     */
    record TaskOutput(String taskId, String stream, long offset, byte[] data) implements Message { }

    /**
     * Coordinator → host, after a (re-)join: how much of each stream of the task it has. The host
     * sends again what it still holds beyond that (output queued on a connection that broke was
     * lost with it), or a {@code gap:} piece saying how much is gone.
     */
    record OutputPosition(String taskId, long out, long err) implements Message { }

    /** Coordinator → host: move this task to {@code destination} ({@code destinationAddress}). */
    record Migrate(String migrationId, String taskId, String destination, String destinationAddress) implements Message { }

    /** Source → coordinator: the migration reached {@code step}. */
    record MigrationStep(String migrationId, String taskId, String step) implements Message { }

    /** Source → coordinator: the migration failed at {@code step}; the task runs on at the source. */
    record MigrationFailed(String migrationId, String taskId, String step, String reason) implements Message { }

    /**
     * Destination → coordinator: I hold the task's verified snapshot at {@code epoch} and the source
     * committed; may I run it? The coordinator grants at most one claim per epoch.
     */
    record Claim(String migrationId, String taskId, long epoch, long stdoutOffset, long stderrOffset) implements Message { }

    /** Coordinator → destination: the claim is granted (run it) or refused (discard it). */
    record ClaimReply(String migrationId, String taskId, boolean granted, String reason) implements Message { }

    /**
     * Source → coordinator: the destination went silent after accepting the snapshot; did it claim
     * the task? If not, the coordinator cancels the migration (no later claim is granted).
     */
    record Arbitrate(String migrationId, String taskId) implements Message { }

    /** Coordinator → source: {@code moved} true if the destination owns the task; false: resume yours. */
    record Arbitrated(String migrationId, String taskId, boolean moved) implements Message { }

    /**
     * Destination → coordinator: the task resumed. {@code downtimeNanos}: from its last instruction
     * on the source to its first here; {@code transferNanos}: from the snapshot's first byte arriving
     * to its last.
     */
    record Resumed(String migrationId, String taskId, long epoch, long downtimeNanos, long snapshotBytes,
                   long transferNanos) implements Message { }

    /** Coordinator → host: your copy of the task is stale (another host owns a newer epoch): drop it. */
    record Fence(String taskId, long epoch, String reason) implements Message { }

    /** Coordinator → host: capture the task, describe its frames, and let it run on. */
    record Inspect(String requestId, String taskId) implements Message { }

    /** Host → coordinator: the description, or why there is none. */
    record Inspection(String requestId, String taskId, boolean ok, String text) implements Message { }

    // ---- host ↔ host (a migration) --------------------------------------------------------------

    /** A task class path entry, by the hash of its contents ({@code CodeSet}). */
    record CodeEntry(String name, String sha256, long size) { }

    /** Source → destination: can you run this task? Here is its code and the classes it has loaded. */
    record Prepare(String migrationId, String taskId, long epoch, String className, List<String> args,
                   long startedMillis, int moves, List<CodeEntry> code, Map<String, String> fingerprints)
            implements Message { }

    /** Destination → source: send me this class path entry (I do not have it). */
    record FetchCode(String sha256) implements Message { }

    /** Source → destination: a piece of a class path entry, as a jar. */
    record CodeChunk(String sha256, byte[] data, boolean last) implements Message { }

    /** Destination → source: ready (true), or why not. */
    record Prepared(String migrationId, boolean ready, String reason) implements Message { }

    /**
     * Source → destination: a piece of the snapshot, whose whole size is {@code totalBytes}. The last
     * piece carries the CRC-32C of the whole snapshot as the source encoded it (checked before
     * decoding) and {@code capturedNanos}, the source's {@code System.nanoTime()} when the task
     * stopped (for the downtime measurement).
     */
    record SnapshotChunk(String migrationId, long totalBytes, java.nio.ByteBuffer data, boolean last, long crc32c,
                         long capturedNanos) implements Message { }

    /** Destination → source: the snapshot decoded and verified (true), or why not. */
    record Accepted(String migrationId, boolean ok, String reason) implements Message { }

    /** Source → destination: my copy is fenced; claim the task and run it. */
    record Commit(String migrationId) implements Message { }

    /** Destination → source: the claim was granted and the task runs here (true), or refused. */
    record Committed(String migrationId, boolean running, String reason) implements Message { }

    /** Either side: give up this migration. */
    record Abort(String migrationId, String reason) implements Message { }
}
