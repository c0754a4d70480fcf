package dev.ferry.shell.coordinator;

import java.time.Instant;

/**
 * One move of a task.
 *
 * @param step          the step it reached (PREFLIGHT, CAPTURE, TRANSFER, VERIFY, COMMIT, CLAIM, DONE)
 * @param outcome       IN_PROGRESS, DONE or FAILED
 * @param downtimeNanos from the task's last instruction on the source to its first on the
 *                      destination (measured with the hosts' monotonic clocks: meaningful when they
 *                      share a machine), or -1
 * @param transferNanos how long the snapshot's bytes took from the first to the last arriving, or -1
 * @param reason        why it failed, or null
 */
public record MigrationView(String id, String taskId, String from, String to, String step, String outcome,
                            Instant started, Instant ended, long downtimeNanos, long snapshotBytes, long transferNanos,
                            String reason) {
}
