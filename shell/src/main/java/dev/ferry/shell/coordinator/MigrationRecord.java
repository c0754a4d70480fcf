package dev.ferry.shell.coordinator;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** The coordinator's record of one move. Owned by the coordinator's thread. */
final class MigrationRecord {
    final String id;
    final String taskId;
    final String from;
    final String to;
    final Instant started = Instant.now();
    final CompletableFuture<MigrationView> done = new CompletableFuture<>();
    String step = "REQUESTED";
    /** IN_PROGRESS, DONE or FAILED. */
    String outcome = "IN_PROGRESS";
    /** The destination was granted the task's next epoch: from now on it owns the task. */
    boolean claimed;
    String reason;
    Instant ended;
    long downtimeNanos = -1;
    long snapshotBytes = -1;
    long transferNanos = -1;

    MigrationRecord(String id, String taskId, String from, String to) {
        this.id = id;
        this.taskId = taskId;
        this.from = from;
        this.to = to;
    }

    MigrationView view() {
        return new MigrationView(id, taskId, from, to, step, outcome, started, ended, downtimeNanos, snapshotBytes, transferNanos, reason);
    }
}
