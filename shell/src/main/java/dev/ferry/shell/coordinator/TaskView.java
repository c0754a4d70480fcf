package dev.ferry.shell.coordinator;

import java.time.Instant;
import java.util.List;

/**
 * A task, as of when it was asked for.
 *
 * @param host   where it runs (or last ran)
 * @param epoch  how many times it has moved or been restored (each epoch runs on one host only)
 * @param detail why it failed or was lost, or null
 */
public record TaskView(String id, String className, List<String> args, String host, TaskStatus status, long epoch,
                       Instant started, Instant ended, int moves, List<MigrationView> history, String detail) {
}
