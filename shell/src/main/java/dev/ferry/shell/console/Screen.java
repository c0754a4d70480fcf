package dev.ferry.shell.console;

import dev.ferry.shell.coordinator.ClusterEvent;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Level;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Where the shell writes: a terminal (colours, events above the prompt) or plain streams (a
 * script: results on stdout, events on stderr). Implementations are called from the command
 * thread and the event printer thread, and keep the two from tearing each other's lines.
 */
interface Screen {
    DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    AttributedStyle ERROR = AttributedStyle.BOLD.foreground(AttributedStyle.RED);
    AttributedStyle MARKER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);

    /** One line of a command's result. */
    void line(AttributedString line);

    /** A piece of a task's output: {@code stream} is out, err, or ferry (a marker such as a move). */
    void output(String stream, String text);

    /** A cluster event, printed above the line being typed. */
    void event(ClusterEvent event);

    /** A command's failure. */
    void error(String message);

    default void line(String text) {
        line(new AttributedString(text));
    }

    /** A line of Ferry's own in a task's output (a move, lost output), prefixed {@code [ferry]} once. */
    static String marker(String text) {
        return text.startsWith("[ferry] ") ? text : "[ferry] " + text;
    }

    /** {@code 12:03:04 WARNING host host-1 is SUSPECT: ...}, coloured by level. */
    static AttributedString format(ClusterEvent e) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        b.style(AttributedStyle.DEFAULT.faint()).append(TIME.format(e.time())).append(' ');
        int level = e.level().intValue();
        if (level >= Level.SEVERE.intValue()) {
            b.style(AttributedStyle.BOLD.foreground(AttributedStyle.RED)).append("SEVERE ");
        } else if (level >= Level.WARNING.intValue()) {
            b.style(AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW)).append("WARNING ");
        } else {
            b.style(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN));
        }
        return b.append(e.text()).toAttributedString();
    }
}
