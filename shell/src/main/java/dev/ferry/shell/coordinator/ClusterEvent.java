package dev.ferry.shell.coordinator;

import java.time.Instant;
import java.util.logging.Level;

/**
 * Something that happened in the cluster, for people: a host joined, went SUSPECT or DEAD; a task
 * launched, finished, moved, failed or was lost. Levels are {@link java.util.logging}'s (CONFIG,
 * INFO, WARNING, SEVERE); SEVERE is what an operator must see at once.
 *
 * @param seq     the event's number, from 1, in the order the coordinator saw them
 * @param kind    a short machine-readable kind: {@code host.joined}, {@code task.moved}, …
 * @param taskId  the task concerned, or null
 * @param host    the host concerned, or null
 */
public record ClusterEvent(long seq, Instant time, Level level, String kind, String taskId, String host, String text) {
}
