package dev.ferry.shell.console;

/**
 * A command the shell cannot run as typed (a usage mistake, an ambiguous class name); the message
 * says what was wrong and what to type instead. Failures of the cluster itself arrive as
 * {@link dev.ferry.shell.coordinator.ClusterException}.
 */
public final class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandException(String message) {
        super(message);
    }
}
