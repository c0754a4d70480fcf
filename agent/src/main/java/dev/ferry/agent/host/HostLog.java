package dev.ferry.agent.host;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The host daemon's own messages, on the host JVM's stderr: {@code 12:03:07.123 INFO host-a: …}.
 * The levels are the coordinator's (FINE, INFO, WARNING, SEVERE); FINE is shown with
 * {@code -Dferry.verbose=true}.
 */
final class HostLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private final String host;
    private final PrintStream out;
    private final boolean verbose = Boolean.getBoolean("ferry.verbose");

    HostLog(String host, PrintStream out) {
        this.host = host;
        this.out = out;
    }

    /** What went wrong, for an operator: the message, or the exception's name when it has none. */
    static String reason(Throwable e) {
        if (e instanceof java.io.EOFException) {
            return "the connection closed";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    void fine(String message) {
        if (verbose) {
            print("FINE", message);
        }
    }

    void info(String message) {
        print("INFO", message);
    }

    void warning(String message) {
        print("WARNING", message);
    }

    private void print(String level, String message) {
        out.println(LocalTime.now().format(TIME) + " " + level + " " + host + ": " + message);
    }
}
