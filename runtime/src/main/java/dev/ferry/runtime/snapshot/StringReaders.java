package dev.ferry.runtime.snapshot;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;

/**
 * A {@link StringReader} travels as what it means — its text, how far it has read, its mark and
 * whether it is closed — not field by field: JDK 17's keeps {@code str}, {@code next} and
 * {@code mark} itself, while newer ones (25 here) delegate to an anonymous reader of
 * {@code Reader.of(CharSequence)} that JDK 17 does not have. Field by field, a reader (and a
 * {@code Scanner} over a string, which reads one) could neither be written on JDK 25 nor move
 * between the two. Text: {@code open|closed:next:mark:text}.
 */
final class StringReaders {
    private StringReaders() {
    }

    static String toText(StringReader reader) throws NotMovableException {
        try {
            Object state = field(StringReader.class, "str") != null ? reader : get(reader, StringReader.class, "r");
            Class<?> c = state.getClass();
            int next = (int) get(state, c, "next");
            int mark = (int) get(state, c, "mark");
            Object text = c == StringReader.class ? get(state, c, "str") : get(state, c, "val$cs");
            boolean closed = c == StringReader.class ? text == null : (boolean) get(state, c, "isClosed");
            if (text == null && !closed) {
                throw new NotMovableException("a java.io.StringReader whose text is gone but is not closed");
            }
            return (closed ? "closed" : "open") + ":" + next + ":" + mark + ":" + (text == null ? "" : text.toString());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new NotMovableException("a java.io.StringReader of a layout this Ferry does not know (" + e + ")");
        }
    }

    static StringReader fromText(String text) {
        String[] parts = text.split(":", 4);
        if (parts.length != 4 || !(parts[0].equals("open") || parts[0].equals("closed"))) {
            throw new SnapshotFormatException("a StringReader's state is not open|closed:next:mark:text");
        }
        int next;
        int mark;
        try {
            next = Integer.parseInt(parts[1]);
            mark = Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            throw new SnapshotFormatException("a StringReader's position is not a number: " + parts[1] + ", " + parts[2]);
        }
        String content = parts[3];
        if (mark < 0 || next < mark || next > content.length()) {
            throw new SnapshotFormatException("a StringReader's position " + next + " (mark " + mark
                    + ") does not fit its " + content.length() + " characters");
        }
        StringReader reader = new StringReader(content);
        try {
            skipFully(reader, mark);
            reader.mark(0); // a StringReader ignores the read-ahead limit
            skipFully(reader, next - mark);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringReader over a string failed to skip", e);
        }
        if (parts[0].equals("closed")) {
            reader.close();
        }
        return reader;
    }

    private static void skipFully(Reader reader, long n) throws IOException {
        while (n > 0) {
            n -= reader.skip(n);
        }
    }

    private static Field field(Class<?> c, String name) {
        try {
            return c.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static Object get(Object o, Class<?> c, String name) throws ReflectiveOperationException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }
}
