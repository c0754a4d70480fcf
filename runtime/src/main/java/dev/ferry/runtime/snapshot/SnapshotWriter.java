package dev.ferry.runtime.snapshot;

import static net.openhft.chronicle.core.UnsafeMemory.UNSAFE; // a static import: javac warns where sun.misc.Unsafe is named

import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.continuation.FrameState;
import dev.ferry.runtime.engine.InternedStrings;
import dev.ferry.runtime.engine.Tasks;
import dev.ferry.runtime.heap.Lambdas;
import dev.ferry.runtime.heap.WellKnownObjects;
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
    private final List<Object> objects = new ArrayList<>();
    private final IdentityIds ids = new IdentityIds(objects);
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
    /**
     * How each object was first reached, for the message when something cannot travel: the id of
     * the object it was reached from (-1 for a root, whose step is in {@link #rootSteps}). Which field
     * or element led there is found again only then, by looking in that object for this one: a
     * million objects do not each pay for a step they will almost never need, and paths are not
     * spelled out for every object, since a linked chain's would grow with its length.
     */
    private int[] parents = new int[1 << 12];
    /** For objects first reached from a root: the root (a frame's local, a static, ...). */
    private final Map<Integer, String> rootSteps = new java.util.HashMap<>();
    /** A step into an array: then the element index says where. */
    private static final Object ELEMENT = new Object();
    /** Per class: whether its objects may travel (decided once). */
    private final Map<Class<?>, Boolean> movable = new java.util.HashMap<>();
    private Class<?> lastMovable;
    /** Per class, the fields written for it, once their names have gone out. */
    private final Map<Class<?>, List<Field>> layouts = new java.util.HashMap<>();
    private final PrintStream taskOut;
    private final PrintStream taskErr;

    private final java.util.function.Function<FrameState, dev.ferry.runtime.continuation.FrameDebug> debug;

    /**
     * Transient fields of task classes whose values are left behind, in every object of their
     * class: a refusal reached something that cannot move through one of them. By field, not by
     * object, so that a snapshot is written again at most once per such field, however many
     * objects hold one (a class uses its field alike in all of them).
     */
    static final class LeftBehind {
        private final java.util.Set<Field> fields = new java.util.HashSet<>();

        boolean add(Field field) {
            return fields.add(field);
        }

        boolean contains(Field field) {
            return fields.contains(field);
        }
    }

    private final LeftBehind leftBehind;
    /** Where the last refusal happened: the object it was reached from (or -1) and the step, for {@link #leaveBehindWhatRefused}. */
    private int refusedParent = -1;
    private Object refusedStep;

    SnapshotWriter(PrintStream taskOut, PrintStream taskErr,
                   java.util.function.Function<FrameState, dev.ferry.runtime.continuation.FrameDebug> debug,
                   LeftBehind leftBehind) {
        this.taskOut = taskOut;
        this.taskErr = taskErr;
        this.debug = debug;
        this.leftBehind = leftBehind;
    }

    /**
     * After {@link #write} refused something: notes in {@code into} the transient field of a task
     * class nearest above it on the path it was reached by, so that the next attempt leaves that
     * field's values behind. False if there is none (or it was noted before): the refusal stands.
     */
    boolean leaveBehindWhatRefused(LeftBehind into) {
        if (refusedStep instanceof Field f && refusedParent >= 0 && Tasks.isTransientOfTaskClass(f)) {
            return into.add(f);
        }
        for (int child = refusedParent; child >= 0 && parents[child] >= 0; child = parents[child]) {
            Field f = fieldHolding(objects.get(parents[child]), objects.get(child));
            if (f != null && Tasks.isTransientOfTaskClass(f)) {
                return into.add(f);
            }
        }
        return false;
    }

    /** The field of {@code owner} (already written, so its layout is known) that holds {@code child}, or null. */
    private Field fieldHolding(Object owner, Object child) {
        ClassPlan plan = plans.get(owner.getClass());
        if (plan != null && plan.layout != null) {
            for (FieldAccess f : plan.layout) {
                try {
                    if (f.isReference() && f.getReference(owner) == child) {
                        return f.field;
                    }
                } catch (IllegalAccessException e) {
                    return null; // it was read a moment ago: this does not happen
                }
            }
        }
        return null;
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
        // The object table follows the document as raw bytes, to the end of the file: written into its
        // own plain buffer (TableOut), big arrays left where they are until the output is assembled.
        wire.write("table").text("follows");
        TableOut table = new TableOut();
        for (int id = 0; id < objects.size(); id++) { // the table grows as objects are written: a loop, not a recursion
            try {
                object(table, id);
            } catch (NotMovableException e) {
                if (refusedStep == null) {
                    refusedParent = id; // refused as a whole (not one of its fields' values): the path to it
                    refusedStep = ELEMENT;
                }
                throw e;
            }
        }
        String iterating = dev.ferry.runtime.heap.HashTables.unmovableIteration(hashIterators);
        if (iterating != null) {
            throw new NotMovableException("the task cannot move now: " + iterating);
        }
        return assemble(bytes, table);
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
        int id = objects.size();
        int known = ids.idOrAdd(o, id);
        if (known >= 0) {
            return known;
        }
        objects.add(o);
        if (id == parents.length) {
            parents = java.util.Arrays.copyOf(parents, id * 2);
        }
        parents[id] = parent;
        if (parent < 0) {
            rootSteps.put(id, String.valueOf(step));
        }
        checkMovable(o, parent, step, element); // after it is recorded, so a refusal leaves the tables consistent
        return id;
    }

    /** The path to object {@code id} (or a root, for -1), followed by {@code step}; long paths elided. */
    private String path(int id, Object step, int element) {
        List<String> parts = new ArrayList<>();
        parts.add(stepText(step, element));
        for (int i = id; i >= 0; i = parents[i]) {
            parts.add(parents[i] < 0 ? rootSteps.get(i) : stepWithin(objects.get(parents[i]), objects.get(i)));
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

    /** Which field or element of {@code parent} holds {@code child} (already written, so its plan is known). */
    private String stepWithin(Object parent, Object child) {
        if (parent instanceof Object[] items) {
            for (int i = 0; i < items.length; i++) {
                if (items[i] == child) {
                    return "[" + i + "]";
                }
            }
        }
        Field holding = fieldHolding(parent, child);
        if (holding != null) {
            return holding.getName();
        }
        try {
            if (parent.getClass().isRecord()) {
                for (RecordComponent rc : parent.getClass().getRecordComponents()) {
                    var accessor = rc.getAccessor();
                    accessor.setAccessible(true);
                    if (accessor.invoke(parent) == child) {
                        return rc.getName();
                    }
                }
            } else if (Lambdas.isLambda(parent)) {
                SerializedLambda l = Lambdas.describe(parent);
                for (int i = 0; i < l.getCapturedArgCount(); i++) {
                    if (l.getCapturedArg(i) == child) {
                        return "captured #" + i;
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "?"; // read without trouble a moment ago; a message must not fail for want of a step's name
        }
        return "?";
    }

    private boolean movable(Object o, int parent, Object step) {
        try {
            checkMovable(o, parent, step, 0);
            return true;
        } catch (NotMovableException e) {
            refusedParent = -1; // not a refusal: the value is left behind
            refusedStep = null;
            return false;
        }
    }

    private void checkMovable(Object o, int parent, Object step, int element) throws NotMovableException {
        Class<?> c = o.getClass();
        if (c == lastMovable || movable.getOrDefault(c, false)) {
            lastMovable = c; // most objects of a graph are of the class before them: skip even the map
            return;
        }
        if (isStandardStream(o) || WellKnownObjects.nameOf(o) != null) {
            return;
        }
        if (c == String.class || c == Class.class
                || MovableTypes.isTextValue(c) || Lambdas.isLambda(o) || isTaskClass(c) || c.isEnum()
                || c.getSuperclass() != null && c.getSuperclass().isEnum() || c.isRecord()
                || MovableTypes.isMovableJdkClass(c)) {
            movable.put(c, true); // by class alone: the same answer for every object of it
            return;
        }
        refusedParent = parent;
        refusedStep = step;
        String kind = Thread.class.isAssignableFrom(c) && c != Thread.class ? " (a java.lang.Thread)"
                : ClassLoader.class.isAssignableFrom(c) ? " (a class loader)"
                : java.io.Closeable.class.isAssignableFrom(c) ? " (an open resource)" : "";
        throw new NotMovableException(path(parent, step, element) + " -> " + c.getName() + kind + ": this cannot move to another JVM"
                + " (threads, sockets, open streams, class loaders and the like stay where they are);"
                + " let the task drop it before it is moved, or keep it in a transient field");
    }

    /**
     * What the task finds again, rebound, wherever it resumes: its standard streams, and its own
     * thread, which becomes the thread it resumes on (a lock it held is held by that one).
     */
    private boolean isStandardStream(Object o) {
        return o == taskOut || o == taskErr || o == System.out || o == System.err || o == System.in
                || Tasks.isTaskThread(o);
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
    /** A string that is the JVM's interned instance of its value (format 2): the reader interns it. */
    static final byte K_ISTR = 11;
    /**
     * A {@code java.util.WeakHashMap} (format 3): its entries as key, value pairs, put into a new one
     * by the reader once every object is filled in. Its own entries are references the JVM clears,
     * which cannot travel; the entries it has at the capture are what it holds.
     */
    static final byte K_WEAK = 12;

    /** Class names, by the index the blob refers to them with; a new one is written out where first used. */
    private final Map<Class<?>, Integer> classIndex = new java.util.HashMap<>();

    /**
     * How the objects of one class are written, decided when the first of them is: which kind of
     * entry, its class index once its name is out, and (for plain objects) the fields that travel.
     * A snapshot of a million objects asks these questions of a handful of classes.
     */
    private static final class ClassPlan {
        final byte kind;
        final boolean mayBeWellKnown;
        final boolean hashIterator;
        int index = -1;
        FieldAccess[] layout;

        ClassPlan(byte kind, boolean mayBeWellKnown, boolean hashIterator) {
            this.kind = kind;
            this.mayBeWellKnown = mayBeWellKnown;
            this.hashIterator = hashIterator;
        }
    }

    private final Map<Class<?>, ClassPlan> plans = new java.util.HashMap<>();
    /** The objects that iterate over a HashMap: the ones {@code HashTables.unmovableIteration} must see. */
    private final List<Object> hashIterators = new ArrayList<>();
    private Class<?> lastPlanned;
    private ClassPlan lastPlan;

    private ClassPlan plan(Object o) {
        Class<?> c = o.getClass();
        if (c == lastPlanned) {
            return lastPlan;
        }
        ClassPlan plan = plans.get(c);
        if (plan == null) {
            byte kind = c == String.class ? K_STR : c == Class.class ? K_CLS : MovableTypes.isTextValue(c) ? K_VAL
                    : c.isArray() ? K_ARR : Lambdas.isLambda(o) ? K_LAMBDA
                    : (c.isEnum() || c.getSuperclass() != null && c.getSuperclass().isEnum()) && !isTaskClass(c) ? K_ENUM
                    : c.isRecord() ? K_REC : c == java.util.WeakHashMap.class ? K_WEAK : K_OBJ;
            plan = new ClassPlan(kind, WellKnownObjects.mayBe(c), dev.ferry.runtime.heap.HashTables.isHashIterator(c));
            plans.put(c, plan);
        }
        lastPlanned = c;
        lastPlan = plan;
        return plan;
    }

    private void className(TableOut out, Class<?> c) {
        Integer index = classIndex.get(c);
        if (index != null) {
            out.writeStopBit(index);
            return;
        }
        out.writeStopBit(classIndex.size()); // the next index: its name follows
        classIndex.put(c, classIndex.size());
        out.writeUtf8(c.getName());
    }

    /** The class of the object being written, whose plan remembers its index after the first time. */
    private void className(TableOut out, Class<?> c, ClassPlan plan) {
        if (plan.index >= 0) {
            out.writeStopBit(plan.index);
            return;
        }
        className(out, c);
        plan.index = classIndex.get(c);
    }

    private void heapValue(TableOut out, Object v, int parent, Object step) throws NotMovableException {
        heapValue(out, v, parent, step, 0);
    }

    private void heapValue(TableOut out, Object v, int parent, Object step, int element) throws NotMovableException {
        if (v == null) {
            out.writeByte('n');
        } else if (!primitiveValue(out, v)) {
            out.writeTagged('r', ref(v, parent, step, element));
        }
    }

    /** A boxed primitive as its tag and payload; false (nothing written) for anything else. */
    static boolean primitiveValue(TableOut out, Object v) {
        if (v instanceof Integer i) {
            out.writeTagged('i', i);
        } else if (v instanceof Long l) {
            out.writeTagged('j', l);
        } else if (v instanceof Double d) {
            out.writeByte('d');
            out.writeDouble(d);
        } else if (v instanceof Float f) {
            out.writeByte('f');
            out.writeFloat(f);
        } else if (v instanceof Boolean z) {
            out.writeTagged('z', z ? 1 : 0);
        } else if (v instanceof Character ch) {
            out.writeTagged('c', ch);
        } else if (v instanceof Byte b) {
            out.writeByte('b');
            out.writeByte(b);
        } else if (v instanceof Short sh) {
            out.writeTagged('s', sh);
        } else {
            return false;
        }
        return true;
    }

    private void object(TableOut out, int id) throws NotMovableException {
        Object o = objects.get(id);
        if (SaltedIterators.isSalted(o.getClass())) {
            o = SaltedIterators.replacement(o); // written under the iterator's id, so every reference to it gets it
        }
        Class<?> c = o.getClass();
        ClassPlan plan = plan(o);
        if (plan.hashIterator) {
            hashIterators.add(o);
        }
        String wellKnown = plan.mayBeWellKnown ? WellKnownObjects.nameOf(o) : null;
        if (isStandardStream(o)) {
            out.writeByte(K_STD);
            out.writeUtf8(Tasks.isTaskThread(o) ? "thread"
                    : o == taskErr || o == System.err ? "err" : o instanceof InputStream ? "in" : "out");
            return;
        }
        if (wellKnown != null) {
            out.writeByte(K_WK);
            out.writeUtf8(wellKnown);
            return;
        }
        switch (plan.kind) {
            case K_STR -> {
                out.writeByte(InternedStrings.isInterned((String) o) ? K_ISTR : K_STR);
                out.writeUtf8((String) o);
            }
            case K_CLS -> {
                out.writeByte(K_CLS);
                out.writeUtf8(((Class<?>) o).getName());
            }
            case K_VAL -> textValue(out, o, id);
            case K_ARR -> array(out, o, id, plan);
            case K_LAMBDA -> lambda(out, o, id);
            case K_ENUM -> {
                out.writeByte(K_ENUM);
                className(out, ((Enum<?>) o).getDeclaringClass());
                out.writeUtf8(((Enum<?>) o).name());
            }
            case K_REC -> record(out, o, id, plan);
            case K_WEAK -> weakMap(out, (java.util.WeakHashMap<?, ?>) o, id, plan);
            default -> plainObject(out, o, id, plan);
        }
    }

    private void textValue(TableOut out, Object o, int id) throws NotMovableException {
        Class<?> c = o.getClass();
        String text;
        try {
            text = MovableTypes.toText(o);
        } catch (NotMovableException e) {
            throw new NotMovableException(path(id, c.getName(), 0) + ": " + e.getMessage());
        }
        out.writeByte(K_VAL);
        out.writeUtf8(MovableTypes.textValueType(c));
        out.writeUtf8(text);
    }

    private void array(TableOut out, Object o, int id, ClassPlan plan) throws NotMovableException {
        out.writeByte(K_ARR);
        className(out, o.getClass(), plan);
        if (o.getClass().getComponentType().isPrimitive()) {
            writePrimitiveArray(out, o, splices);
        } else {
            Object[] items = (Object[]) o;
            out.writeStopBit(items.length);
            for (int i = 0; i < items.length; i++) {
                heapValue(out, items[i], id, ELEMENT, i);
            }
        }
    }

    private void lambda(TableOut out, Object o, int id) throws NotMovableException {
        SerializedLambda l;
        try {
            l = Lambdas.describe(o);
        } catch (IllegalArgumentException e) {
            throw new NotMovableException(path(id, o.getClass().getName(), 0) + ": " + e.getMessage());
        }
        out.writeByte(K_LAMBDA);
        out.writeUtf8(l.getCapturingClass());
        out.writeUtf8(l.getFunctionalInterfaceClass());
        out.writeUtf8(l.getFunctionalInterfaceMethodName());
        out.writeUtf8(l.getFunctionalInterfaceMethodSignature());
        out.writeStopBit(l.getImplMethodKind());
        out.writeUtf8(l.getImplClass());
        out.writeUtf8(l.getImplMethodName());
        out.writeUtf8(l.getImplMethodSignature());
        out.writeUtf8(l.getInstantiatedMethodType());
        out.writeStopBit(l.getCapturedArgCount());
        for (int i = 0; i < l.getCapturedArgCount(); i++) {
            heapValue(out, l.getCapturedArg(i), id, "captured #" + i);
        }
    }

    private void weakMap(TableOut out, java.util.WeakHashMap<?, ?> map, int id, ClassPlan plan) throws NotMovableException {
        out.writeByte(K_WEAK);
        className(out, map.getClass(), plan);
        List<Object> pairs = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) { // the entries whose keys are still there
            pairs.add(e.getKey());
            pairs.add(e.getValue());
        }
        out.writeStopBit(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            heapValue(out, pairs.get(i), id, i % 2 == 0 ? "key" : "value");
        }
    }

    private void record(TableOut out, Object o, int id, ClassPlan plan) throws NotMovableException {
        Class<?> c = o.getClass();
        out.writeByte(K_REC);
        className(out, c, plan);
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
    }

    private void plainObject(TableOut out, Object o, int id, ClassPlan plan) throws NotMovableException {
        Class<?> c = o.getClass();
        if (o instanceof Throwable t) {
            t.getStackTrace(); // materialize the trace, which lives in a JVM-internal field otherwise
        }
        out.writeByte(K_OBJ);
        FieldAccess[] layout = plan.layout;
        className(out, c, plan);
        if (layout == null) {
            // The first object of a class carries the names of the fields that follow, in order;
            // later objects of the class carry only the values.
            List<Field> fields = travellingFields(c);
            layout = new FieldAccess[fields.size()];
            out.writeStopBit(layout.length);
            for (int i = 0; i < layout.length; i++) {
                Field f = fields.get(i);
                layout[i] = new FieldAccess(f);
                out.writeUtf8(f.getDeclaringClass().getName() + "#" + f.getName());
            }
            plan.layout = layout;
        }
        for (FieldAccess f : layout) {
            Object v = null;
            try {
                if (f.isReference()) {
                    v = f.getReference(o);
                } else {
                    f.writePrimitive(o, out); // no boxing on the way
                    continue;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new NotMovableException(path(id, f.field.getName(), 0) + ": cannot be read (" + e + ")");
            }
            if (v != null && f.transientOfTaskClass && (leftBehind.contains(f.field) || !movable(v, id, f.field))) {
                v = null; // what cannot move (threads and class loaders among it): see Tasks.fieldMoves
            }
            heapValue(out, v, id, f.field);
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
    private void writePrimitiveArray(TableOut out, Object array, List<Splice> spliced) {
        Class<?> t = array.getClass().getComponentType();
        if (t == boolean.class || java.nio.ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            byte[] blob = primitiveBlob(array);
            out.writeStopBit(blob.length);
            out.write(blob);
            return;
        }
        int size = t == long.class || t == double.class ? 8 : t == int.class || t == float.class ? 4 : t == byte.class ? 1 : 2;
        long length = (long) java.lang.reflect.Array.getLength(array) * size;
        if (length > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("an array of " + length + " bytes is over the 2 GiB a snapshot may have");
        }
        out.writeStopBit(length);
        if (length >= SPLICE_BYTES) {
            spliced.add(new Splice(out.position() + splicedBytes, array, (int) length));
            splicedBytes += length;
            return;
        }
        out.writeArrayMemory(array, (int) length);
    }

    /**
     * The document, then the object table with the spliced arrays copied in where they belong: one
     * copy of each byte into an array of the final size.
     */
    private byte[] assemble(Bytes<?> document, TableOut table) {
        long documentLength = document.writePosition();
        long total = documentLength + table.position() + splicedBytes;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a snapshot of " + total + " bytes is over the 2 GiB a snapshot may have");
        }
        byte[] out = new byte[(int) total];
        readFully(document, out, 0, (int) documentLength);
        int from = 0; // in the table
        long at = 0;  // in the table as it will be, splices included
        long byteBase = UNSAFE.arrayBaseOffset(byte[].class) + documentLength;
        for (Splice splice : splices) {
            int structure = (int) (splice.position() - at);
            table.copyTo(from, out, (int) (documentLength + at), structure);
            from += structure;
            at += structure;
            UNSAFE.copyMemory(splice.array(), UNSAFE.arrayBaseOffset(splice.array().getClass()), out, byteBase + at,
                    splice.length());
            at += splice.length();
        }
        table.copyTo(from, out, (int) (documentLength + at), (int) (table.position() - from));
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
