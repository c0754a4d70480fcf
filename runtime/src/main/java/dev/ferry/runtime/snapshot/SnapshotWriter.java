package dev.ferry.runtime.snapshot;

import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.continuation.FrameState;
import dev.ferry.runtime.engine.Tasks;
import dev.ferry.runtime.heap.Lambdas;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.ValueOut;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireOut;
import net.openhft.chronicle.wire.WireType;

/**
 * Writes a snapshot. The heap reachable from the frames and statics becomes an object table: each
 * object once, with an id, references by id — so identity, sharing and cycles survive, and the walk
 * is a loop over a growing list rather than a recursion (a linked chain of millions of nodes is
 * fine). Primitive arrays and strings are written as one blob each.
 */
final class SnapshotWriter {
    private final IdentityIds ids = new IdentityIds();
    /**
     * Big primitive arrays whose bytes belong at a position of the output: they are copied there
     * once, when the output is assembled at its final size, instead of into a buffer that keeps
     * growing (and copying itself) as arrays are added.
     */
    private final List<Splice> splices = new ArrayList<>();
    private long splicedBytes;

    /** {@code length} bytes of {@code array}'s memory go at {@code position} of the written output. */
    private record Splice(long position, Object array, int length) {
    }

    /** Arrays at least this big are spliced in at the end rather than copied into the buffer. */
    private static final int SPLICE_BYTES = 64 << 10;
    private final List<Object> objects = new ArrayList<>();
    /**
     * How each object was first reached — the object it was reached from, and the step — for the
     * message when something cannot travel. Paths are rebuilt only then: spelled out for every
     * object, a linked chain's would grow with its length.
     */
    private int[] parents = new int[1 << 12];
    /** A step: a String, a Field (its name), or {@link #ELEMENT} (then {@link #elementIndexes} holds the index). */
    private Object[] steps = new Object[1 << 12];
    private int[] elementIndexes = new int[1 << 12];
    private static final Object ELEMENT = new Object();
    /** Per class: whether its objects may travel (decided once). */
    private final Map<Class<?>, Boolean> movable = new java.util.HashMap<>();
    private Class<?> lastMovable;
    /** Per class, the fields written for it, once their names have gone out. */
    private final Map<Class<?>, List<Field>> layouts = new java.util.HashMap<>();
    private final PrintStream taskOut;
    private final PrintStream taskErr;

    private final java.util.function.Function<FrameState, dev.ferry.runtime.continuation.FrameDebug> debug;

    SnapshotWriter(PrintStream taskOut, PrintStream taskErr,
                   java.util.function.Function<FrameState, dev.ferry.runtime.continuation.FrameDebug> debug) {
        this.taskOut = taskOut;
        this.taskErr = taskErr;
        this.debug = debug;
    }

    byte[] write(Snapshot snapshot) throws NotMovableException {
        Continuation c = snapshot.continuation();
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(4096); // grows as needed; a big start costs a small snapshot its zeroing
        Wire wire = WireType.BINARY_LIGHT.apply(bytes);
        wire.write("format").int32(SnapshotCodec.FORMAT_VERSION);
        wire.write("engine").text(snapshot.engineVersion());
        wire.write("task").text(snapshot.taskId());
        wire.write("epoch").int64(snapshot.epoch());
        wire.write("class").text(c.className());
        wire.write("entry").text(c.entryKind().name());
        wire.write("args").sequence(c.args(), (args, out) -> args.forEach(a -> out.text(a)));
        wire.write("capturedOn").text(snapshot.capturedOn());
        wire.write("capturedAt").text(snapshot.capturedAt().toString());
        wire.write("stdout").int64(snapshot.stdoutBytes());
        wire.write("stderr").int64(snapshot.stderrBytes());
        wire.write("fingerprints").sequence(c.fingerprints(), (fps, out) -> fps.forEach((cls, sha) ->
                out.marshallable(m -> m.write("c").text(cls).write("sha256").text(sha))));
        NotMovableException[] failure = new NotMovableException[1];
        wire.write("frames").sequence(c.frames(), (frames, out) -> {
            for (FrameState f : frames) {
                String where = "frame " + f.className() + "." + f.methodName() + f.descriptor();
                out.marshallable(m -> {
                    m.write("c").text(f.className()).write("m").text(f.methodName()).write("d").text(f.descriptor())
                            .write("k").int32(f.resumeIndex());
                    dev.ferry.runtime.continuation.FrameDebug info = debug.apply(f);
                    m.write("line").int32(info.line());
                    m.write("names").sequence(info.localNames(), (names, out2) -> names.forEach(n -> out2.text(n == null ? "" : n)));
                    m.write("locals").sequence(f.locals(), (values, out2) -> values(out2, values, where + " local #", failure));
                    m.write("stack").sequence(f.stack(), (values, out2) -> values(out2, values, where + " stack #", failure));
                });
            }
        });
        wire.write("statics").sequence(c.statics(), (statics, out) -> statics.forEach((cls, fields) ->
                out.marshallable(m -> {
                    m.write("c").text(cls);
                    m.write("f").sequence(fields, (fs, values) -> fs.forEach((name, v) -> values.marshallable(field -> {
                        field.write("n").text(name);
                        inline(field, v, -1, "static " + cls + "." + name, failure);
                    })));
                })));
        wire.write("threadLocals").sequence(c.threadLocals(), (tls, out) -> tls.forEach(tl -> out.marshallable(m -> {
            m.write("k").marshallable(k -> inline(k, tl.threadLocal(), -1, "thread-local", failure));
            m.write("v").marshallable(v -> inline(v, tl.value(), -1, "thread-local value", failure));
        })));
        if (failure[0] != null) {
            throw failure[0];
        }
        // The object table follows the document as raw bytes, written straight into the same buffer:
        // no intermediate copy of what may be gigabytes of arrays. Its entries run to the end.
        wire.write("table").text("follows");
        for (int id = 0; id < objects.size(); id++) { // the table grows as objects are written: a loop, not a recursion
            object(bytes, id);
        }
        String iterating = dev.ferry.runtime.heap.HashTables.unmovableIteration(objects);
        if (iterating != null) {
            throw new NotMovableException("the task cannot move now: " + iterating);
        }
        return assemble(bytes);
    }

    /** Root values (a frame's locals or stack) as sequence items, their paths {@code where} + index. */
    private void values(ValueOut out, Object[] values, String where, NotMovableException[] failure) {
        for (int i = 0; i < values.length; i++) {
            value(out, values[i], -1, where + i, failure);
        }
    }

    /** A value as a sequence item: {tag: payload}. */
    private void value(ValueOut out, Object v, int parent, String step, NotMovableException[] failure) {
        out.marshallable(m -> inline(m, v, parent, step, failure));
    }

    /** A value as one field of the enclosing document, under a one-letter tag. */
    private void inline(WireOut m, Object v, int parent, String step, NotMovableException[] failure) {
        if (v == null) {
            m.write("n").int8(0);
        } else if (v instanceof Integer i) {
            m.write("i").int32(i);
        } else if (v instanceof Long l) {
            m.write("j").int64(l);
        } else if (v instanceof Double d) {
            m.write("d").float64(d);
        } else if (v instanceof Float f) {
            m.write("f").float32(f);
        } else if (v instanceof Boolean z) {
            m.write("z").bool(z);
        } else if (v instanceof Character ch) {
            m.write("c").uint16(ch);
        } else if (v instanceof Byte b) {
            m.write("b").int8(b);
        } else if (v instanceof Short s) {
            m.write("s").int16(s);
        } else {
            try {
                m.write("r").int32(ref(v, parent, step, 0));
            } catch (NotMovableException e) {
                if (failure[0] == null) {
                    failure[0] = e;
                }
                m.write("n").int8(0);
            }
        }
    }

    private int ref(Object o, int parent, Object step, int element) throws NotMovableException {
        int known = ids.get(o);
        if (known >= 0) {
            return known;
        }
        checkMovable(o, parent, step, element);
        int id = objects.size();
        ids.put(o, id);
        objects.add(o);
        if (id == parents.length) {
            parents = java.util.Arrays.copyOf(parents, id * 2);
            steps = java.util.Arrays.copyOf(steps, id * 2);
            elementIndexes = java.util.Arrays.copyOf(elementIndexes, id * 2);
        }
        parents[id] = parent;
        steps[id] = step;
        elementIndexes[id] = element;
        return id;
    }

    /** The path to object {@code id} (or a root, for -1), followed by {@code step}; long paths elided. */
    private String path(int id, Object step, int element) {
        List<String> parts = new ArrayList<>();
        parts.add(stepText(step, element));
        for (int i = id; i >= 0; i = parents[i]) {
            parts.add(stepText(steps[i], elementIndexes[i]));
        }
        java.util.Collections.reverse(parts);
        if (parts.size() > 12) {
            parts = new ArrayList<>(List.of(parts.get(0), parts.get(1), "... (" + (parts.size() - 6) + " more)",
                    parts.get(parts.size() - 3), parts.get(parts.size() - 2), parts.get(parts.size() - 1)));
        }
        return String.join(" -> ", parts);
    }

    private static String stepText(Object step, int element) {
        return step instanceof Field f ? f.getName() : step == ELEMENT ? "[" + element + "]" : String.valueOf(step);
    }

    private void checkMovable(Object o, int parent, Object step, int element) throws NotMovableException {
        Class<?> c = o.getClass();
        if (c == lastMovable || movable.getOrDefault(c, false)) {
            lastMovable = c; // most objects of a graph are of the class before them: skip even the map
            return;
        }
        if (isStandardStream(o) || MovableTypes.wellKnownName(o) != null) {
            return;
        }
        if (c == String.class || c == Class.class
                || MovableTypes.isTextValue(c) || Lambdas.isLambda(o) || isTaskClass(c) || c.isEnum()
                || c.getSuperclass() != null && c.getSuperclass().isEnum() || c.isRecord()
                || MovableTypes.isMovableJdkClass(c)) {
            movable.put(c, true); // by class alone: the same answer for every object of it
            return;
        }
        String kind = Thread.class.isAssignableFrom(c) && c != Thread.class ? " (a java.lang.Thread)"
                : ClassLoader.class.isAssignableFrom(c) ? " (a class loader)"
                : java.io.Closeable.class.isAssignableFrom(c) ? " (an open resource)" : "";
        throw new NotMovableException(path(parent, step, element) + " -> " + c.getName() + kind + ": this cannot move to another JVM"
                + " (threads, sockets, open streams, class loaders and the like stay where they are);"
                + " let the task drop it before it is moved, or keep it in a transient field");
    }

    private boolean isStandardStream(Object o) {
        return o == taskOut || o == taskErr || o == System.out || o == System.err || o == System.in;
    }

    /** A task class, or an array of one. */
    static boolean isTaskClass(Class<?> c) {
        Class<?> element = c;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        return Tasks.isTaskClass(element);
    }

    // ---- the object table: one compact blob (kind byte, stop-bit numbers, class names once) ----

    static final byte K_STR = 1, K_CLS = 2, K_WK = 3, K_STD = 4, K_VAL = 5, K_ENUM = 6, K_ARR = 7, K_LAMBDA = 8,
            K_REC = 9, K_OBJ = 10;

    /** Class names, by the index the blob refers to them with; a new one is written out where first used. */
    private final Map<Class<?>, Integer> classIndex = new java.util.HashMap<>();

    private void className(Bytes<?> out, Class<?> c) {
        Integer index = classIndex.get(c);
        if (index != null) {
            out.writeStopBit(index);
            return;
        }
        out.writeStopBit(classIndex.size()); // the next index: its name follows
        classIndex.put(c, classIndex.size());
        out.writeUtf8(c.getName());
    }

    private void heapValue(Bytes<?> out, Object v, int parent, Object step) throws NotMovableException {
        heapValue(out, v, parent, step, 0);
    }

    private void heapValue(Bytes<?> out, Object v, int parent, Object step, int element) throws NotMovableException {
        if (v == null) {
            out.writeByte((byte) 'n');
        } else if (v instanceof Integer i) {
            out.writeByte((byte) 'i').writeStopBit(i);
        } else if (v instanceof Long l) {
            out.writeByte((byte) 'j').writeStopBit(l);
        } else if (v instanceof Double d) {
            out.writeByte((byte) 'd').writeDouble(d);
        } else if (v instanceof Float f) {
            out.writeByte((byte) 'f').writeFloat(f);
        } else if (v instanceof Boolean z) {
            out.writeByte((byte) 'z').writeByte((byte) (z ? 1 : 0));
        } else if (v instanceof Character ch) {
            out.writeByte((byte) 'c').writeStopBit(ch);
        } else if (v instanceof Byte b) {
            out.writeByte((byte) 'b').writeByte(b);
        } else if (v instanceof Short sh) {
            out.writeByte((byte) 's').writeStopBit(sh);
        } else {
            out.writeByte((byte) 'r').writeStopBit(ref(v, parent, step, element));
        }
    }

    private void object(Bytes<?> out, int id) throws NotMovableException {
        Object o = objects.get(id);
        Class<?> c = o.getClass();
        String wellKnown = MovableTypes.mayBeWellKnown(c) ? MovableTypes.wellKnownName(o) : null;
        if (isStandardStream(o)) {
            out.writeByte(K_STD).writeUtf8(o == taskErr || o == System.err ? "err" : o instanceof InputStream ? "in" : "out");
        } else if (wellKnown != null) {
            out.writeByte(K_WK).writeUtf8(wellKnown);
        } else if (c == String.class) {
            out.writeByte(K_STR).writeUtf8((String) o);
        } else if (c == Class.class) {
            out.writeByte(K_CLS).writeUtf8(((Class<?>) o).getName());
        } else if (MovableTypes.isTextValue(c)) {
            String text;
            try {
                text = MovableTypes.toText(o);
            } catch (NotMovableException e) {
                throw new NotMovableException(path(id, c.getName(), 0) + ": " + e.getMessage());
            }
            out.writeByte(K_VAL).writeUtf8(MovableTypes.textValueType(c)).writeUtf8(text);
        } else if (c.isArray()) {
            out.writeByte(K_ARR);
            className(out, c);
            if (c.getComponentType().isPrimitive()) {
                writePrimitiveArray(out, o, splices);
            } else {
                Object[] items = (Object[]) o;
                out.writeStopBit(items.length);
                for (int i = 0; i < items.length; i++) {
                    heapValue(out, items[i], id, ELEMENT, i);
                }
            }
        } else if (Lambdas.isLambda(o)) {
            SerializedLambda l;
            try {
                l = Lambdas.describe(o);
            } catch (IllegalArgumentException e) {
                throw new NotMovableException(path(id, c.getName(), 0) + ": " + e.getMessage());
            }
            out.writeByte(K_LAMBDA).writeUtf8(l.getCapturingClass()).writeUtf8(l.getFunctionalInterfaceClass())
                    .writeUtf8(l.getFunctionalInterfaceMethodName()).writeUtf8(l.getFunctionalInterfaceMethodSignature())
                    .writeStopBit(l.getImplMethodKind()).writeUtf8(l.getImplClass()).writeUtf8(l.getImplMethodName())
                    .writeUtf8(l.getImplMethodSignature()).writeUtf8(l.getInstantiatedMethodType());
            out.writeStopBit(l.getCapturedArgCount());
            for (int i = 0; i < l.getCapturedArgCount(); i++) {
                heapValue(out, l.getCapturedArg(i), id, "captured #" + i);
            }
        } else if ((c.isEnum() || c.getSuperclass() != null && c.getSuperclass().isEnum()) && !isTaskClass(c)) {
            out.writeByte(K_ENUM);
            className(out, ((Enum<?>) o).getDeclaringClass());
            out.writeUtf8(((Enum<?>) o).name());
        } else if (c.isRecord()) {
            out.writeByte(K_REC);
            className(out, c);
            RecordComponent[] components = c.getRecordComponents();
            out.writeStopBit(components.length);
            for (RecordComponent rc : components) {
                Object v;
                try {
                    var accessor = rc.getAccessor();
                    accessor.setAccessible(true);
                    v = accessor.invoke(o);
                } catch (ReflectiveOperationException e) {
                    throw new NotMovableException(path(id, rc.getName(), 0) + ": " + e);
                }
                heapValue(out, v, id, rc.getName());
            }
        } else {
            if (o instanceof Throwable t) {
                t.getStackTrace(); // materialize the trace, which lives in a JVM-internal field otherwise
            }
            out.writeByte(K_OBJ);
            List<Field> layout = layouts.get(c);
            boolean first = layout == null;
            className(out, c);
            if (first) {
                // The first object of a class carries the names of the fields that follow, in order;
                // later objects of the class carry only the values.
                layout = travellingFields(c);
                layouts.put(c, layout);
                out.writeStopBit(layout.size());
                for (Field f : layout) {
                    out.writeUtf8(f.getDeclaringClass().getName() + "#" + f.getName());
                }
            }
            for (Field f : layout) {
                Object v;
                try {
                    v = f.get(o);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new NotMovableException(path(id, f.getName(), 0) + ": cannot be read (" + e + ")");
                }
                heapValue(out, v, id, f);
            }
        }
    }

    /** The fields of {@code c} that travel, superclass fields after the class's own, made accessible. */
    private static List<Field> travellingFields(Class<?> c) throws NotMovableException {
        List<Field> fields = new ArrayList<>();
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!Tasks.fieldMoves(f) || k == Throwable.class && f.getName().equals("backtrace")
                        || k == Enum.class && !f.getName().equals("name") && !f.getName().equals("ordinal")) {
                    continue; // JVM-internal or cached state, laid out differently between JDK versions
                }
                try {
                    f.setAccessible(true);
                } catch (RuntimeException e) {
                    throw new NotMovableException(c.getName() + "." + f.getName() + " cannot be read (" + e + ")");
                }
                fields.add(f);
            }
        }
        return fields;
    }

    /**
     * A primitive array as its length in bytes and its elements, little-endian. On a little-endian
     * machine those are the array's own memory: a big array is noted as a splice and copied once,
     * straight into the final output ({@link #assemble}); a small one straight into the buffer.
     */
    private void writePrimitiveArray(Bytes<?> out, Object array, List<Splice> spliced) {
        Class<?> t = array.getClass().getComponentType();
        if (t == boolean.class || java.nio.ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            byte[] blob = primitiveBlob(array);
            out.writeStopBit(blob.length).write(blob);
            return;
        }
        int size = t == long.class || t == double.class ? 8 : t == int.class || t == float.class ? 4 : t == byte.class ? 1 : 2;
        long length = (long) java.lang.reflect.Array.getLength(array) * size;
        out.writeStopBit(length);
        if (length >= SPLICE_BYTES) {
            spliced.add(new Splice(out.writePosition() + splicedBytes, array, (int) length));
            splicedBytes += length;
            return;
        }
        out.unsafeWriteObject(array, UNSAFE.arrayBaseOffset(array.getClass()), (int) length);
    }

    /** The written buffer with the spliced arrays copied in where they belong: one copy of each byte. */
    private byte[] assemble(Bytes<?> buffer) {
        long total = buffer.writePosition() + splicedBytes;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a snapshot of " + total + " bytes is over the 2 GiB a snapshot may have");
        }
        if (splices.isEmpty()) {
            return buffer.toByteArray();
        }
        byte[] out = new byte[(int) total];
        long from = 0; // in the buffer
        long at = 0;   // in out
        long byteBase = UNSAFE.arrayBaseOffset(byte[].class);
        for (Splice splice : splices) {
            int structure = (int) (splice.position() - at);
            readFully(buffer, out, (int) at, structure); // from the buffer's read position, which follows `from`
            from += structure;
            at += structure;
            UNSAFE.copyMemory(splice.array(), UNSAFE.arrayBaseOffset(splice.array().getClass()), out, byteBase + at,
                    splice.length());
            at += splice.length();
        }
        readFully(buffer, out, (int) at, (int) (buffer.writePosition() - from));
        return out;
    }

    private static void readFully(Bytes<?> buffer, byte[] out, int offset, int length) {
        int done = 0;
        while (done < length) {
            int n = buffer.read(out, offset + done, length - done);
            if (n <= 0) {
                throw new IllegalStateException("the snapshot buffer ended " + (length - done) + " bytes early");
            }
            done += n;
        }
    }

    private static final sun.misc.Unsafe UNSAFE = net.openhft.chronicle.core.UnsafeMemory.UNSAFE;

    private static byte[] primitiveBlob(Object array) {
        Class<?> t = array.getClass().getComponentType();
        int n = Array.getLength(array);
        if (t == byte.class) {
            return ((byte[]) array).clone();
        }
        if (t == boolean.class) {
            byte[] out = new byte[n];
            boolean[] in = (boolean[]) array;
            for (int i = 0; i < n; i++) {
                out[i] = (byte) (in[i] ? 1 : 0);
            }
            return out;
        }
        int size = t == long.class || t == double.class ? 8 : t == int.class || t == float.class ? 4 : 2;
        ByteBuffer buffer = ByteBuffer.allocate(n * size).order(ByteOrder.LITTLE_ENDIAN);
        if (t == int.class) {
            buffer.asIntBuffer().put((int[]) array);
        } else if (t == long.class) {
            buffer.asLongBuffer().put((long[]) array);
        } else if (t == double.class) {
            buffer.asDoubleBuffer().put((double[]) array);
        } else if (t == float.class) {
            buffer.asFloatBuffer().put((float[]) array);
        } else if (t == short.class) {
            buffer.asShortBuffer().put((short[]) array);
        } else {
            buffer.asCharBuffer().put((char[]) array);
        }
        return buffer.array();
    }

}
