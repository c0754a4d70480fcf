package dev.ferry.runtime.snapshot;

import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.continuation.FrameState;
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
import java.util.IdentityHashMap;
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
    private final IdentityHashMap<Object, Integer> ids = new IdentityHashMap<>();
    private final List<Object> objects = new ArrayList<>();
    /**
     * How each object was first reached — the object it was reached from, and the step — for the
     * message when something cannot travel. Paths are rebuilt only then: spelled out for every
     * object, a linked chain's would grow with its length.
     */
    private final List<Integer> parents = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();
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
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(4096);
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
                    m.write("locals").sequence(f, (frame, values) -> {
                        for (int slot = 0; slot < frame.locals().length; slot++) {
                            value(values, frame.locals()[slot], -1, where + " local #" + slot, failure);
                        }
                    });
                    m.write("stack").sequence(f, (frame, values) -> {
                        for (int d = 0; d < frame.stack().length; d++) {
                            value(values, frame.stack()[d], -1, where + " stack #" + d, failure);
                        }
                    });
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
        wire.write("objects").sequence(this, (writer, out) -> {
            for (int id = 0; id < objects.size() && failure[0] == null; id++) {
                int index = id;
                out.marshallable(m -> {
                    try {
                        object(m, index);
                    } catch (NotMovableException e) {
                        failure[0] = e;
                    }
                });
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        String iterating = dev.ferry.runtime.heap.HashTables.unmovableIteration(objects);
        if (iterating != null) {
            throw new NotMovableException("the task cannot move now: " + iterating);
        }
        return bytes.toByteArray();
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
                m.write("r").int32(ref(v, parent, step));
            } catch (NotMovableException e) {
                if (failure[0] == null) {
                    failure[0] = e;
                }
                m.write("n").int8(0);
            }
        }
    }

    private int ref(Object o, int parent, String step) throws NotMovableException {
        Integer id = ids.get(o);
        if (id != null) {
            return id;
        }
        checkMovable(o, parent, step);
        id = objects.size();
        ids.put(o, id);
        objects.add(o);
        parents.add(parent);
        steps.add(step);
        return id;
    }

    /** The path to object {@code id} (or a root, for -1), followed by {@code step}; long paths elided. */
    private String path(int id, String step) {
        List<String> parts = new ArrayList<>();
        parts.add(step);
        for (int i = id; i >= 0; i = parents.get(i)) {
            parts.add(steps.get(i));
        }
        java.util.Collections.reverse(parts);
        if (parts.size() > 12) {
            parts = new ArrayList<>(List.of(parts.get(0), parts.get(1), "... (" + (parts.size() - 6) + " more)",
                    parts.get(parts.size() - 3), parts.get(parts.size() - 2), parts.get(parts.size() - 1)));
        }
        return String.join(" -> ", parts);
    }

    private void checkMovable(Object o, int parent, String step) throws NotMovableException {
        Class<?> c = o.getClass();
        if (isStandardStream(o) || MovableTypes.wellKnownName(o) != null || c == String.class || c == Class.class
                || MovableTypes.isTextValue(c) || Lambdas.isLambda(o) || isTaskClass(c) || c.isEnum()
                || c.getSuperclass() != null && c.getSuperclass().isEnum() || c.isRecord()
                || MovableTypes.isMovableJdkClass(c)) {
            return;
        }
        String kind = Thread.class.isAssignableFrom(c) && c != Thread.class ? " (a java.lang.Thread)"
                : ClassLoader.class.isAssignableFrom(c) ? " (a class loader)"
                : java.io.Closeable.class.isAssignableFrom(c) ? " (an open resource)" : "";
        throw new NotMovableException(path(parent, step) + " -> " + c.getName() + kind + ": this cannot move to another JVM"
                + " (threads, sockets, open streams, class loaders and the like stay where they are);"
                + " let the task drop it before it is moved, or keep it in a transient field");
    }

    private boolean isStandardStream(Object o) {
        return o == taskOut || o == taskErr || o == System.out || o == System.err || o == System.in;
    }

    static boolean isTaskClass(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getComponentType()) {
            ClassLoader l = k.getClassLoader();
            if (l != null && l.getClass().getName().equals("dev.ferry.runtime.engine.TaskClassLoader")) {
                return true;
            }
            if (!k.isArray()) {
                break;
            }
        }
        return false;
    }

    private void object(WireOut m, int id) throws NotMovableException {
        Object o = objects.get(id);
        NotMovableException[] failure = new NotMovableException[1];
        Class<?> c = o.getClass();
        String wellKnown = MovableTypes.wellKnownName(o);
        if (isStandardStream(o)) {
            m.write("k").text("std").write("v").text(o == taskErr || o == System.err ? "err" : o instanceof InputStream ? "in" : "out");
        } else if (wellKnown != null) {
            m.write("k").text("wk").write("v").text(wellKnown);
        } else if (c == String.class) {
            m.write("k").text("str").write("v").text((String) o);
        } else if (c == Class.class) {
            m.write("k").text("cls").write("v").text(((Class<?>) o).getName());
        } else if (MovableTypes.isTextValue(c)) {
            m.write("k").text("val").write("c").text(MovableTypes.textValueType(c)).write("v").text(MovableTypes.toText(o));
        } else if (c.isArray()) {
            m.write("k").text("arr").write("c").text(c.getName());
            if (c.getComponentType().isPrimitive()) {
                m.write("v").bytes(primitiveBlob(o));
            } else {
                Object[] elements = (Object[]) o;
                m.write("e").sequence(elements, (es, out) -> {
                    for (int i = 0; i < es.length; i++) {
                        value(out, es[i], id, "[" + i + "]", failure);
                    }
                });
            }
        } else if (Lambdas.isLambda(o)) {
            SerializedLambda l;
            try {
                l = Lambdas.describe(o);
            } catch (IllegalArgumentException e) {
                throw new NotMovableException(path(id, c.getName()) + ": " + e.getMessage());
            }
            m.write("k").text("lambda").write("cap").text(l.getCapturingClass()).write("fi").text(l.getFunctionalInterfaceClass())
                    .write("fm").text(l.getFunctionalInterfaceMethodName()).write("fs").text(l.getFunctionalInterfaceMethodSignature())
                    .write("ik").int32(l.getImplMethodKind()).write("ic").text(l.getImplClass()).write("im").text(l.getImplMethodName())
                    .write("is").text(l.getImplMethodSignature()).write("it").text(l.getInstantiatedMethodType());
            m.write("a").sequence(l, (lambda, out) -> {
                for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
                    value(out, lambda.getCapturedArg(i), id, "captured #" + i, failure);
                }
            });
        } else if ((c.isEnum() || c.getSuperclass() != null && c.getSuperclass().isEnum()) && !isTaskClass(c)) {
            m.write("k").text("enum").write("c").text(((Enum<?>) o).getDeclaringClass().getName()).write("v").text(((Enum<?>) o).name());
        } else if (c.isRecord()) {
            m.write("k").text("rec").write("c").text(c.getName());
            RecordComponent[] components = c.getRecordComponents();
            m.write("f").sequence(components, (cs, out) -> {
                for (RecordComponent rc : cs) {
                    try {
                        var accessor = rc.getAccessor();
                        accessor.setAccessible(true);
                        value(out, accessor.invoke(o), id, rc.getName(), failure);
                    } catch (ReflectiveOperationException e) {
                        failure[0] = new NotMovableException(path(id, rc.getName()) + ": " + e);
                    }
                }
            });
        } else {
            boolean task = isTaskClass(c);
            if (o instanceof Throwable t) {
                t.getStackTrace(); // materialize the trace, which lives in a JVM-internal field otherwise
            }
            m.write("k").text("obj").write("c").text(c.getName());
            List<Field> layout = layouts.get(c);
            if (layout == null) {
                // The first object of a class carries the names of the fields that follow, in order;
                // later objects of the class carry only the values.
                layout = travellingFields(c, task);
                layouts.put(c, layout);
                m.write("names").sequence(layout, (fs, out) -> fs.forEach(f -> out.text(f.getDeclaringClass().getName()
                        + "#" + f.getName())));
            }
            List<Field> fields = layout;
            m.write("f").sequence(o, (obj, out) -> {
                for (Field f : fields) {
                    Object v;
                    try {
                        v = f.get(obj);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        failure[0] = new NotMovableException(path(id, f.getName()) + ": cannot be read (" + e + ")");
                        return;
                    }
                    value(out, v, id, f.getName(), failure);
                }
            });
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** The fields of {@code c} that travel, superclass fields after the class's own, made accessible. */
    private static List<Field> travellingFields(Class<?> c, boolean task) throws NotMovableException {
        List<Field> fields = new ArrayList<>();
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!MovableTypes.travels(f, task) || k == Throwable.class && f.getName().equals("backtrace")
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
