package dev.ferry.runtime.snapshot;

/**
 * Bytes that are not a snapshot Ferry can resume: truncated, corrupted, too large, of another
 * format version, or naming a class a snapshot may not contain. Nothing has run when this is thrown.
 */
public final class SnapshotFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SnapshotFormatException(String message) {
        super(message);
    }

    public SnapshotFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
