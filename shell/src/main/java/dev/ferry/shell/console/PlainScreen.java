package dev.ferry.shell.console;

import dev.ferry.shell.coordinator.ClusterEvent;
import java.io.PrintStream;
import org.jline.utils.AttributedString;

/**
 * Plain streams, no colours: results and task output on {@code out}, events and errors on
 * {@code err}, so that {@code ferry shell --script s | jq} reads only what the commands print.
 */
final class PlainScreen implements Screen {
    private final PrintStream out;
    private final PrintStream err;
    /** Whether task output left {@code out} in the middle of a line. Guarded by {@code this}. */
    private boolean openLine;

    PlainScreen(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public synchronized void line(AttributedString line) {
        closeLine();
        out.println(line.toString());
        out.flush();
    }

    @Override
    public synchronized void output(String stream, String text) {
        if (stream.equals("ferry")) {
            closeLine();
            out.print(Screen.marker(text));
        } else if (text.isEmpty()) {
            closeLine();
        } else {
            out.print(text);
            openLine = !text.endsWith("\n");
        }
        out.flush();
    }

    @Override
    public synchronized void event(ClusterEvent event) {
        err.println(Screen.format(event).toString());
        err.flush();
    }

    @Override
    public synchronized void error(String message) {
        err.println(message);
        err.flush();
    }

    private void closeLine() {
        if (openLine) {
            out.println();
            openLine = false;
        }
    }
}
