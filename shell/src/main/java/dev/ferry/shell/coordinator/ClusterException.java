package dev.ferry.shell.coordinator;

/** An operation the cluster cannot do; the message says what was wrong and what to do. */
public final class ClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClusterException(String message) {
        super(message);
    }
}
