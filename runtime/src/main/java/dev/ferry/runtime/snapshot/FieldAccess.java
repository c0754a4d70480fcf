package dev.ferry.runtime.snapshot;

import static net.openhft.chronicle.core.UnsafeMemory.UNSAFE; // a static import: javac warns where sun.misc.Unsafe is named

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * One instance field, read and written by its offset in the object ({@code sun.misc.Unsafe}) rather
 * than through {@link Field#get}/{@link Field#set}: a snapshot of a million objects does either a
 * few million times, and the reflective path (its checks, and boxing every primitive) was a large
 * part of the run. The {@code Field} is kept and was made accessible first, so the module system has
 * already said yes; and every reference stored is checked against the field's type, as
 * {@code Field.set} would, since the values come from bytes that may be hostile. Where the JDK gives
 * no offset (a hidden class), the {@code Field} does the work.
 */
final class FieldAccess {

    /** The value tag of the field's type: {@code i j d f z c b s}, or {@code r} for a reference. */
    final char tag;
    final Field field;
    /** A task class's transient field: what it holds that cannot move stays behind (see Tasks.fieldMoves). */
    final boolean transientOfTaskClass;
    private final Class<?> type;
    private final long offset;
    private final boolean byOffset;
    private final boolean isVolatile;

    FieldAccess(Field field) {
        this.field = field;
        this.transientOfTaskClass = dev.ferry.runtime.engine.Tasks.isTransientOfTaskClass(field);
        this.type = field.getType();
        this.tag = tagOf(type);
        this.isVolatile = Modifier.isVolatile(field.getModifiers());
        long at = -1;
        try {
            at = UNSAFE.objectFieldOffset(field);
        } catch (UnsupportedOperationException e) {
            at = -1; // a hidden class's or a record's field: Field.get/set below, as before
        }
        this.offset = at;
        this.byOffset = at >= 0;
    }

    static char tagOf(Class<?> t) {
        return t == int.class ? 'i' : t == long.class ? 'j' : t == double.class ? 'd' : t == float.class ? 'f'
                : t == boolean.class ? 'z' : t == char.class ? 'c' : t == byte.class ? 'b' : t == short.class ? 's' : 'r';
    }

    boolean isReference() {
        return tag == 'r';
    }

    /** The value of a reference field of {@code o}. */
    Object getReference(Object o) throws IllegalAccessException {
        if (!byOffset) {
            return field.get(o);
        }
        return isVolatile ? UNSAFE.getObjectVolatile(o, offset) : UNSAFE.getObject(o, offset);
    }

    /** A primitive field of {@code o} as its tag and payload, as {@link SnapshotWriter} writes any value. */
    void writePrimitive(Object o, TableOut out) throws IllegalAccessException {
        if (!byOffset || isVolatile) { // volatile primitives are rare: Field.get reads them with the right fences
            SnapshotWriter.primitiveValue(out, field.get(o));
            return;
        }
        switch (tag) {
            case 'i' -> out.writeTagged('i', UNSAFE.getInt(o, offset));
            case 'j' -> out.writeTagged('j', UNSAFE.getLong(o, offset));
            case 'd' -> {
                out.writeByte('d');
                out.writeDouble(UNSAFE.getDouble(o, offset));
            }
            case 'f' -> {
                out.writeByte('f');
                out.writeFloat(UNSAFE.getFloat(o, offset));
            }
            case 'z' -> out.writeTagged('z', UNSAFE.getBoolean(o, offset) ? 1 : 0);
            case 'c' -> out.writeTagged('c', UNSAFE.getChar(o, offset));
            case 'b' -> {
                out.writeByte('b');
                out.writeByte(UNSAFE.getByte(o, offset));
            }
            default -> out.writeTagged('s', UNSAFE.getShort(o, offset));
        }
    }

    /**
     * Stores a reference in {@code o}'s field, if the field's type can hold it.
     *
     * @throws IllegalArgumentException if it cannot (hostile or mismatched bytes)
     */
    void setReference(Object o, Object v) throws IllegalAccessException {
        if (!byOffset || tag != 'r') {
            field.set(o, v); // Field.set unboxes into a primitive field, or refuses
            return;
        }
        if (v != null && !type.isInstance(v)) {
            throw new IllegalArgumentException("a " + v.getClass().getName() + " cannot be stored in a field of type "
                    + type.getName());
        }
        if (isVolatile) {
            UNSAFE.putObjectVolatile(o, offset, v);
        } else {
            UNSAFE.putObject(o, offset, v);
        }
    }

    /**
     * Stores a primitive value read from the table under {@code valueTag}: straight into a field of
     * exactly that type; boxed, through {@link #setReference}, into any other (a reference field holding
     * a boxed value, or a widening {@code Field.set} allows).
     */
    void setPrimitive(Object o, int valueTag, TableIn in) throws IllegalAccessException {
        if (valueTag != tag || !byOffset || isVolatile) {
            setReference(o, SnapshotReader.primitive(valueTag, in));
            return;
        }
        switch (tag) {
            case 'i' -> UNSAFE.putInt(o, offset, (int) in.readStopBit());
            case 'j' -> UNSAFE.putLong(o, offset, in.readStopBit());
            case 'd' -> UNSAFE.putDouble(o, offset, in.readDouble());
            case 'f' -> UNSAFE.putFloat(o, offset, in.readFloat());
            case 'z' -> UNSAFE.putBoolean(o, offset, in.readByte() != 0);
            case 'c' -> UNSAFE.putChar(o, offset, (char) in.readStopBit());
            case 'b' -> UNSAFE.putByte(o, offset, in.readByte());
            default -> UNSAFE.putShort(o, offset, (short) in.readStopBit());
        }
    }
}
