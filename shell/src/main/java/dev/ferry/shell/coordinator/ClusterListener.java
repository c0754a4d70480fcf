package dev.ferry.shell.coordinator;

/**
 * Hears the cluster as it happens. Called on the coordinator's thread: return quickly, and never
 * call back into the coordinator and wait for it.
 */
public interface ClusterListener {
    /** A cluster event (also written to the coordinator's log). */
    void event(ClusterEvent event);

    /** Output a task wrote, in order, with no gap or repeat across moves ({@code stream}: out, err or ferry). */
    default void output(String taskId, String stream, String text) {
    }
}
