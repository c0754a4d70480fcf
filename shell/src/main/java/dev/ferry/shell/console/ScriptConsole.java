package dev.ferry.shell.console;

import dev.ferry.shell.coordinator.ClusterException;
import dev.ferry.shell.coordinator.Coordinator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.time.Clock;

/**
 * Scripted use: commands from a file ({@code --script FILE}) or a pipe, one a line, without
 * prompts or colours. Results go to stdout, events and errors to stderr. The first command that
 * fails stops the script, like {@code sh -e}: its error names the line, and the status is 1.
 */
public final class ScriptConsole {
    /** Every command ran (or {@code exit} was reached). */
    public static final int OK = 0;
    /** A command failed; the ones after it did not run. */
    public static final int FAILED = 1;

    private ScriptConsole() {
    }

    /**
     * Runs the commands read from {@code script}.
     *
     * @param source what to call the script in errors (a file name, or "stdin")
     * @return {@link #OK} or {@link #FAILED}
     */
    public static int run(Coordinator coordinator, TaskClasses classes, Reader script, String source, PrintStream out,
                          PrintStream err) {
        PlainScreen screen = new PlainScreen(out, err);
        try (Shell shell = new Shell(coordinator, classes, screen, Clock.systemUTC());
             BufferedReader lines = new BufferedReader(script)) {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                try {
                    if (!shell.run(line)) {
                        return OK;
                    }
                } catch (CommandException | ClusterException e) {
                    screen.error("ferry: " + source + ":" + number + ": " + line.strip() + ": " + e.getMessage());
                    return FAILED;
                }
            }
            return OK;
        } catch (IOException e) {
            screen.error("ferry: cannot read " + source + ": " + e.getMessage());
            return FAILED;
        }
    }
}
