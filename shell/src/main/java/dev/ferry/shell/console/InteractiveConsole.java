package dev.ferry.shell.console;

import dev.ferry.shell.coordinator.ClusterException;
import dev.ferry.shell.coordinator.Coordinator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The interactive shell on a terminal (JLine): a prompt with history (kept in a file) and Tab
 * completion, results in colour, cluster events printed above the line being typed.
 *
 * <p>Ctrl-C clears the line being typed, or interrupts the command that runs (a {@code logs -f}
 * stops following, a wait gives up); it never ends the shell. Ctrl-D or {@code exit} does.
 */
public final class InteractiveConsole {
    private InteractiveConsole() {
    }

    /**
     * Runs the shell until {@code exit} or Ctrl-D.
     *
     * @param banner     printed once, before the first prompt
     * @param history    the history file (created if missing)
     */
    public static void run(Coordinator coordinator, TaskClasses classes, String banner, Path history) throws IOException {
        Files.createDirectories(history.toAbsolutePath().getParent());
        try (Terminal terminal = TerminalBuilder.builder().system(true).nativeSignals(true)
                .signalHandler(Terminal.SignalHandler.SIG_IGN).build()) {
            boolean colour = !terminal.getType().startsWith("dumb") && System.getenv("NO_COLOR") == null;
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("ferry")
                    .variable(LineReader.HISTORY_FILE, history)
                    .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
                    .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .completer(new ShellCompleter(coordinator, classes))
                    .build();
            TerminalScreen screen = new TerminalScreen(reader, terminal, colour);
            try (Shell shell = new Shell(coordinator, classes, screen, Clock.systemUTC())) {
                loop(shell, reader, terminal, screen, banner, colour);
            } finally {
                reader.getHistory().save();
            }
        }
    }

    private static void loop(Shell shell, LineReader reader, Terminal terminal, TerminalScreen screen, String banner,
                             boolean colour) {
        Thread commandThread = Thread.currentThread();
        AtomicBoolean busy = new AtomicBoolean();
        terminal.handle(Terminal.Signal.INT, signal -> {
            if (busy.get()) {
                commandThread.interrupt();
            }
        });
        banner.lines().forEach(screen::line);
        String prompt = colour ? new AttributedString("ferry> ", AttributedStyle.BOLD.foreground(AttributedStyle.BLUE))
                .toAnsi(terminal) : "ferry> ";
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt);
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt: the line is dropped, as in bash
            } catch (EndOfFileException e) {
                return; // Ctrl-D
            }
            busy.set(true);
            try {
                if (!shell.run(line)) {
                    return;
                }
            } catch (CommandException | ClusterException e) {
                screen.error(e.getMessage());
            } finally {
                busy.set(false);
                Thread.interrupted(); // a Ctrl-C that came as the command ended is for no one
            }
        }
    }
}
