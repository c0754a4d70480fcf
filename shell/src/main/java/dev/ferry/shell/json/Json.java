package dev.ferry.shell.json;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Just enough JSON for the shell's {@code --json} output and the web console's API: records become
 * objects (their components by name), collections arrays, maps objects (in their order); strings,
 * numbers, booleans, enums, levels and instants JSON values; written on one line. And a reader for
 * the small request bodies the API accepts (flat objects of strings and string arrays).
 */
public final class Json {
    private Json() {
    }

    /** {@code value} as JSON. */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            string(b, s);
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v instanceof Double d && (d.isNaN() || d.isInfinite()) ? "null" : v.toString());
        } else if (v instanceof Enum<?> || v instanceof Instant || v instanceof java.util.logging.Level) {
            string(b, v.toString());
        } else if (v instanceof Map<?, ?> map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                string(b, String.valueOf(e.getKey()));
                b.append(':');
                write(b, e.getValue());
            }
            b.append('}');
        } else if (v instanceof Collection<?> list) {
            b.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                write(b, item);
            }
            b.append(']');
        } else if (v.getClass().isRecord()) {
            b.append('{');
            boolean first = true;
            for (RecordComponent c : v.getClass().getRecordComponents()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                string(b, c.getName());
                b.append(':');
                try {
                    write(b, c.getAccessor().invoke(v));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + c, e);
                }
            }
            b.append('}');
        } else {
            string(b, v.toString());
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /**
     * Reads a flat JSON object whose values are strings or arrays of strings.
     *
     * @throws IllegalArgumentException saying where the text is not such an object
     */
    public static Map<String, Object> readObject(String text) {
        Reader r = new Reader(text);
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        r.expect('{');
        if (!r.peek('}')) {
            do {
                String key = r.string();
                r.expect(':');
                if (r.peek('[')) {
                    r.expect('[');
                    java.util.List<String> items = new java.util.ArrayList<>();
                    if (!r.peek(']')) {
                        do {
                            items.add(r.string());
                        } while (r.comma());
                    }
                    r.expect(']');
                    result.put(key, items);
                } else {
                    result.put(key, r.string());
                }
            } while (r.comma());
        }
        r.expect('}');
        r.end();
        return result;
    }

    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        boolean peek(char c) {
            skip();
            return i < s.length() && s.charAt(i) == c;
        }

        void expect(char c) {
            if (!peek(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at character " + i + " of the request body");
            }
            i++;
        }

        boolean comma() {
            if (peek(',')) {
                i++;
                return true;
            }
            return false;
        }

        void end() {
            skip();
            if (i != s.length()) {
                throw new IllegalArgumentException("unexpected text at character " + i + " of the request body");
            }
        }

        String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (i < s.length() && s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\' && i < s.length()) {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
            expect('"');
            return b.toString();
        }
    }
}
