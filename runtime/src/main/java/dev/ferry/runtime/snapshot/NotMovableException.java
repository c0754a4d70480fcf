package dev.ferry.runtime.snapshot;

/**
 * A value reachable from a captured task cannot travel to another JVM (a thread, a socket, an open
 * stream, a class loader...). The message names the path to it and its type, e.g.
 * {@code frame dev.example.Main.run local #3 -> field sock -> java.net.Socket}.
 */
public final class NotMovableException extends Exception {
    private static final long serialVersionUID = 1L;

    public NotMovableException(String message) {
        super(message);
    }
}
