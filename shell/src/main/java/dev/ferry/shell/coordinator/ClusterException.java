package dev.ferry.shell.coordinator;

/** An operation the cluster cannot do; the message says what was wrong and what to do. */
public final class ClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean notFound;

    public ClusterException(String message) {
        this(message, false);
    }

    private ClusterException(String message, boolean notFound) {
        super(message);
        this.notFound = notFound;
    }

    /** No such task or host (the message names it, with the closest name that exists). */
    static ClusterException notFound(String message) {
        return new ClusterException(message, true);
    }

    /** Whether the operation failed because what it names does not exist (HTTP 404, not 409). */
    public boolean isNotFound() {
        return notFound;
    }
}
