package dev.ferry.runtime.engine;

/**
 * A capture request failed: the task did not reach a safepoint at which every frame of its stack
 * could be captured before the request's deadline. The task keeps running where it was.
 */
public final class NotCapturableException extends Exception {
    private static final long serialVersionUID = 1L;

    public NotCapturableException(String message) {
        super(message);
    }
}
