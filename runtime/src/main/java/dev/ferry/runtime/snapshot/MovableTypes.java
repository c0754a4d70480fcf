package dev.ferry.runtime.snapshot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What may travel in a snapshot, and how: the single list both the writer and the reader consult,
 * so that nothing can be written that a reader would refuse, and a reader never instantiates a
 * class outside it.
 */
final class MovableTypes {
    /** JDK packages whose objects travel field by field (their internals included). */
    private static final Set<String> JDK_PACKAGES = Set.of("java.util", "java.util.concurrent",
            "java.util.concurrent.atomic", "java.util.concurrent.locks", "java.time", "java.time.chrono", "java.time.zone", "java.time.format",
            "java.time.temporal");
    /** Further JDK classes that travel field by field. */
    private static final Set<String> JDK_CLASSES = Set.of("java.lang.StringBuilder", "java.lang.StringBuffer",
            "java.lang.AbstractStringBuilder", "java.lang.Object", "java.lang.Number", "java.lang.Enum",
            "java.lang.Record", "java.util.zip.CRC32", "java.util.zip.Adler32", "java.lang.Throwable",
            "java.lang.Exception", "java.lang.RuntimeException", "java.lang.Error", "java.lang.StackTraceElement",
            "java.lang.ThreadLocal", "java.lang.ThreadLocal$SuppliedThreadLocal", "java.lang.InheritableThreadLocal",
            "java.util.regex.Matcher", "java.util.regex.IntHashSet",
            // streams over memory (a Scanner over a String reads a StringReader): data, not open resources
            "java.io.Reader", "java.io.Writer", "java.io.InputStream", "java.io.OutputStream", "java.io.StringReader",
            "java.io.StringWriter", "java.io.CharArrayReader", "java.io.CharArrayWriter", "java.io.ByteArrayInputStream",
            "java.io.ByteArrayOutputStream",
            // permissions are values (a name, actions): libraries keep one to check against
            "java.security.Permission", "java.security.BasicPermission", "java.security.AllPermission");
    /** JDK classes in those packages that must not travel even so: they stand for threads or locks. */
    private static final Set<String> NEVER = Set.of("java.util.Timer", "java.util.TimerThread");

    private MovableTypes() {
    }

    /**
     * JDK values written as text: their fields point at JVM-wide state, are recomputed, or differ
     * between JDK versions. Formatters travel in the JDK's serialized form ({@link SerialValues}); a
     * message digest as its algorithm, when it is between digests.
     */
    static boolean isTextValue(Class<?> c) {
        return Path.class.isAssignableFrom(c) || c == URI.class || c == UUID.class || c == Locale.class
                || c == Pattern.class || c == BigInteger.class || c == BigDecimal.class || Charset.class.isAssignableFrom(c)
                || SerialValues.isSerialValue(c) || MessageDigest.class.isAssignableFrom(c) && c.getClassLoader() == null
                || isLogger(c) || c == java.io.StringReader.class || dev.ferry.runtime.heap.Members.isMember(c)
                || dev.ferry.runtime.heap.Handles.isHandle(c);
    }

    /**
     * Loggers are the JVM's (its log manager keeps them by name), held in nearly every program's
     * {@code static final} field: they travel as their name (and a level the task set) and come
     * back as the logger of that name where the task resumes, with that JVM's handlers.
     */
    private static boolean isLogger(Class<?> c) {
        return c == java.util.logging.Logger.class || System.Logger.class.isAssignableFrom(c) && c.getClassLoader() == null;
    }

    private static String loggerText(Object o) throws NotMovableException {
        if (o instanceof System.Logger l) {
            return l.getName();
        }
        java.util.logging.Logger logger = (java.util.logging.Logger) o;
        if (logger.getName() == null) {
            throw new NotMovableException("an anonymous java.util.logging.Logger: it has no name to find it by in another JVM");
        }
        return (logger.getLevel() == null ? "" : logger.getLevel().getName()) + ":" + logger.getName();
    }

    private static java.util.logging.Logger logger(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new SnapshotFormatException("a logger without its level mark: " + text);
        }
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(text.substring(colon + 1));
        if (colon > 0) {
            try {
                logger.setLevel(java.util.logging.Level.parse(text.substring(0, colon)));
            } catch (IllegalArgumentException e) {
                throw new SnapshotFormatException("a logger with an unknown level: " + text);
            }
        }
        return logger;
    }

    static String toText(Object o) throws NotMovableException {
        if (SerialValues.isSerialValue(o.getClass())) {
            return SerialValues.toText(o);
        } else if (o instanceof MessageDigest d) {
            return digestText(d);
        } else if (isLogger(o.getClass())) {
            return loggerText(o);
        } else if (o instanceof Path p) {
            return p.toUri().toString();
        } else if (o instanceof Locale l) {
            return l.toLanguageTag();
        } else if (o instanceof Pattern p) {
            return p.flags() + ":" + p.pattern();
        } else if (o instanceof Charset c) {
            return c.name();
        } else if (o.getClass() == java.io.StringReader.class) {
            return StringReaders.toText((java.io.StringReader) o);
        } else if (dev.ferry.runtime.heap.Members.isMember(o.getClass())) {
            return dev.ferry.runtime.heap.Members.describe(o);
        } else if (dev.ferry.runtime.heap.Handles.isHandle(o.getClass())) {
            try {
                return dev.ferry.runtime.heap.Handles.describe(o);
            } catch (IllegalArgumentException e) {
                throw new NotMovableException(e.getMessage());
            }
        }
        return o.toString();
    }

    /**
     * The value {@code text} stands for; a reflective member's classes are found with {@code load}
     * (the resumed task's, so that it names them and not the writer's).
     */
    static Object fromText(String className, String text, java.util.function.Function<String, Class<?>> load) {
        return switch (className) {
            case "java.lang.reflect.Method", "java.lang.reflect.Field", "java.lang.reflect.Constructor",
                    "java.lang.reflect.TypeVariable" -> {
                try {
                    yield dev.ferry.runtime.heap.Members.resolve(text, load);
                } catch (IllegalArgumentException e) {
                    throw new SnapshotFormatException(e.getMessage());
                }
            }
            case "java.lang.invoke.VarHandle", "java.lang.invoke.MethodHandle" -> {
                try {
                    yield dev.ferry.runtime.heap.Handles.resolve(text, load);
                } catch (IllegalArgumentException e) {
                    throw new SnapshotFormatException(e.getMessage());
                }
            }
            case "java.net.URI" -> URI.create(text);
            case "java.util.UUID" -> UUID.fromString(text);
            case "java.util.Locale" -> Locale.forLanguageTag(text);
            case "java.util.regex.Pattern" -> {
                int colon = text.indexOf(':');
                yield Pattern.compile(text.substring(colon + 1), Integer.parseInt(text.substring(0, colon)));
            }
            case "java.math.BigInteger" -> new BigInteger(text);
            case "java.math.BigDecimal" -> new BigDecimal(text);
            case "java.nio.charset.Charset" -> Charset.forName(text);
            case "java.nio.file.Path" -> Path.of(URI.create(text));
            case "java.security.MessageDigest" -> digest(text);
            case "java.util.logging.Logger" -> logger(text);
            case "java.lang.System$Logger" -> System.getLogger(text);
            case "java.io.StringReader" -> StringReaders.fromText(text);
            default -> {
                if (!SerialValues.isSerialValueName(className)) {
                    throw new SnapshotFormatException("unknown value type " + className);
                }
                yield SerialValues.fromText(className, text);
            }
        };
    }

    /** A text value as {@code ferry inspect} shows it: its text, or what a serialized form holds. */
    static String describe(String className, String text) {
        if (!SerialValues.isSerialValueName(className)) {
            return text;
        }
        try {
            Object value = SerialValues.fromText(className, text);
            if (value instanceof java.text.DecimalFormat f) {
                return "\"" + f.toPattern() + "\"";
            } else if (value instanceof java.text.SimpleDateFormat f) {
                return "\"" + f.toPattern() + "\" " + f.getTimeZone().getID();
            } else if (value instanceof java.text.MessageFormat f) {
                return "\"" + f.toPattern() + "\"";
            } else if (value instanceof java.text.ChoiceFormat f) {
                return "\"" + f.toPattern() + "\"";
            }
            return value.toString();
        } catch (SnapshotFormatException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** The class name a text value is written under (the public type, not the JDK's implementation class). */
    static String textValueType(Class<?> c) {
        if (java.lang.reflect.TypeVariable.class.isAssignableFrom(c)) {
            return "java.lang.reflect.TypeVariable"; // its class is the JDK's own, internal
        }
        if (Path.class.isAssignableFrom(c)) {
            return "java.nio.file.Path";
        }
        if (dev.ferry.runtime.heap.Handles.isHandle(c)) {
            return dev.ferry.runtime.heap.Handles.typeName(c); // the JDK's implementation classes are its own
        }
        if (Charset.class.isAssignableFrom(c)) {
            return "java.nio.charset.Charset";
        }
        if (MessageDigest.class.isAssignableFrom(c)) {
            return "java.security.MessageDigest";
        }
        if (System.Logger.class.isAssignableFrom(c)) {
            return "java.lang.System$Logger";
        }
        return c.getName();
    }

    /**
     * A digest travels as its provider and algorithm — the usual {@code static final MessageDigest}
     * between uses. Its running state is the provider's secret, so one with input fed into it and
     * not yet digested cannot move.
     */
    private static String digestText(MessageDigest d) throws NotMovableException {
        try {
            byte[] fresh = MessageDigest.getInstance(d.getAlgorithm(), d.getProvider()).digest();
            if (!java.util.Arrays.equals(fresh, ((MessageDigest) d.clone()).digest())) {
                throw new NotMovableException("a " + d.getAlgorithm() + " MessageDigest part way through a digest: its"
                        + " state cannot move to another JVM; move the task between digests");
            }
        } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
            throw new NotMovableException("a " + d.getAlgorithm() + " MessageDigest that cannot be re-created: " + e.getMessage());
        }
        return d.getProvider().getName() + ":" + d.getAlgorithm();
    }

    private static MessageDigest digest(String text) {
        int colon = text.indexOf(':');
        try {
            return colon < 0 ? MessageDigest.getInstance(text)
                    : MessageDigest.getInstance(text.substring(colon + 1), text.substring(0, colon));
        } catch (NoSuchAlgorithmException | java.security.NoSuchProviderException e) {
            throw new SnapshotFormatException("a MessageDigest this JVM cannot make: " + e.getMessage());
        }
    }

    /** Whether a JDK class (not a task class) may travel field by field. */
    static boolean isMovableJdkClass(Class<?> c) {
        if (c.isArray()) {
            return true;
        }
        if (NEVER.contains(c.getName())) {
            return false;
        }
        if (JDK_CLASSES.contains(c.getName()) || JDK_PACKAGES.contains(c.getPackageName())
                || HeapBuffers.CLASSES.contains(c.getName())) {
            return true;
        }
        // A task's own exception types extend these; the JDK's exceptions travel as well.
        return Throwable.class.isAssignableFrom(c) && c.getPackageName().startsWith("java.");
    }
}
