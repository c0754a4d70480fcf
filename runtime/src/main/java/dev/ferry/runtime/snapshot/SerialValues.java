package dev.ferry.runtime.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Base64;
import java.util.Set;

/**
 * JDK formatters and contexts that travel in the JDK's own serialized form: {@code DecimalFormat},
 * {@code SimpleDateFormat}, {@code MessageFormat}, {@code MathContext} and their kin.
 *
 * <p>Why not field by field like a collection: their fields reach deep into JDK internals that
 * differ between JDK versions (calendars, zone rules, cached symbol tables), while their serialized
 * form is the JDK's promise of compatibility between versions. Tasks keep these in fields — the
 * classic {@code static final DecimalFormat} — so a task could not move without them.
 *
 * <p>Reading one never instantiates a class outside {@link #STREAM_CLASSES}: the JDK's reader runs
 * under a filter that rejects every other class, and under size, depth and reference limits.
 */
final class SerialValues {
    /** The classes that travel this way: exactly these, not their subclasses (a task's own would not be filtered). */
    private static final Set<String> TYPES = Set.of("java.text.DecimalFormat", "java.text.CompactNumberFormat",
            "java.text.SimpleDateFormat", "java.text.MessageFormat", "java.text.ChoiceFormat",
            "java.text.DecimalFormatSymbols", "java.text.DateFormatSymbols", "java.math.MathContext");

    /** Every class those serialized forms contain, on JDK 17 and 25 (measured with a logging filter). */
    private static final Set<String> STREAM_CLASSES = Set.of("java.text.Format", "java.text.NumberFormat",
            "java.text.DateFormat", "java.text.DecimalFormat", "java.text.CompactNumberFormat", "java.text.SimpleDateFormat",
            "java.text.MessageFormat", "java.text.ChoiceFormat", "java.text.DecimalFormatSymbols",
            "java.text.DateFormatSymbols", "java.math.MathContext", "java.math.RoundingMode", "java.lang.Enum",
            "java.lang.Number", "java.lang.Integer", "java.lang.Long", "java.lang.Double", "java.lang.Boolean",
            "java.util.Locale", "java.util.Date", "java.util.Calendar", "java.util.GregorianCalendar",
            "java.util.TimeZone", "java.util.SimpleTimeZone", "sun.util.calendar.ZoneInfo",
            "[B", "[I", "[J", "[D", "[Z", "[C", "[Ljava.lang.String;", "[[Ljava.lang.String;", "[Ljava.text.Format;");

    private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
            "maxbytes=4194304;maxdepth=32;maxrefs=100000;maxarray=1000000");

    private SerialValues() {
    }

    static boolean isSerialValue(Class<?> c) {
        return TYPES.contains(c.getName()) && c.getClassLoader() == null;
    }

    static boolean isSerialValueName(String className) {
        return TYPES.contains(className);
    }

    /** The object's serialized form, in Base64 (it is written as a text value). */
    static String toText(Object o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a " + o.getClass().getName(), e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** A {@code className} read back from {@link #toText}'s form; anything else is a format error. */
    static Object fromText(String className, String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("a " + className + " that is not Base64: " + e.getMessage());
        }
        Object value;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(SerialValues::check);
            value = in.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new SnapshotFormatException("a " + className + " that does not read back: " + e);
        }
        if (value == null || !value.getClass().getName().equals(className)) {
            throw new SnapshotFormatException("a " + className + " that reads back as "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return value;
    }

    private static ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info) {
        ObjectInputFilter.Status limits = FILTER.checkInput(info);
        if (limits == ObjectInputFilter.Status.REJECTED) {
            return limits;
        }
        Class<?> c = info.serialClass();
        if (c == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        return STREAM_CLASSES.contains(c.getName()) && c.getClassLoader() == null
                ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
    }
}
