package dev.ferry.shell.console;

import dev.ferry.shell.coordinator.ClusterEvent;
import java.io.PrintWriter;
import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * A terminal: colours (unless it is dumb or {@code NO_COLOR} is set), and events printed above
 * the prompt with {@link LineReader#printAbove}, which redraws the half-typed line below them.
 * Lock order: this screen, then the line reader's own lock (inside {@code printAbove}).
 */
final class TerminalScreen implements Screen {
    private final LineReader reader;
    private final Terminal terminal;
    private final boolean colour;
    /** Whether task output left the terminal in the middle of a line. Guarded by {@code this}. */
    private boolean openLine;

    TerminalScreen(LineReader reader, Terminal terminal, boolean colour) {
        this.reader = reader;
        this.terminal = terminal;
        this.colour = colour;
    }

    @Override
    public synchronized void line(AttributedString line) {
        closeLine();
        writer().println(render(line));
        writer().flush();
    }

    @Override
    public synchronized void output(String stream, String text) {
        if (stream.equals("ferry")) {
            closeLine();
            writer().print(render(new AttributedString(Screen.marker(text), MARKER)));
        } else if (text.isEmpty()) {
            closeLine();
        } else {
            writer().print(stream.equals("err") ? render(new AttributedString(text,
                    AttributedStyle.DEFAULT.foreground(AttributedStyle.RED))) : text);
            openLine = !text.endsWith("\n");
        }
        writer().flush();
    }

    @Override
    public synchronized void event(ClusterEvent event) {
        closeLine();
        reader.printAbove(render(Screen.format(event)));
    }

    @Override
    public synchronized void error(String message) {
        line(new AttributedString("error: " + message, ERROR));
    }

    private String render(AttributedString s) {
        return colour ? s.toAnsi(terminal) : s.toString();
    }

    private PrintWriter writer() {
        return terminal.writer();
    }

    private void closeLine() {
        if (openLine) {
            writer().println();
            openLine = false;
        }
    }
}
