package dev.ferry.runtime.snapshot;

import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.continuation.EntryKind;
import dev.ferry.runtime.continuation.FrameState;
import dev.ferry.runtime.engine.Materializer;
import dev.ferry.runtime.engine.TaskIO;
import dev.ferry.runtime.heap.Lambdas;
import dev.ferry.runtime.heap.WellKnownObjects;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireType;

/**
 * Reads a snapshot: first the whole document into plain records (checking its shape and limits),
 * then, as a {@link Materializer}, builds the task's objects inside the class loader it resumes in —
 * instantiating only task classes and the JDK types a snapshot may hold ({@link MovableTypes}).
 */
public final class SnapshotReader implements Materializer {
    /** At most this many objects: a corrupt count must not make the reader allocate without bound. */
    static final int MAX_OBJECTS = 50_000_000;

    private record Ref(int id) {
    }

    private record RawFrame(String cls, String method, String desc, int index, int line, List<String> names,
                            List<Object> locals, List<Object> stack) {
    }

    private final Snapshot header;
    private final List<RawFrame> frames = new ArrayList<>();
    private final Map<String, Map<String, Object>> statics = new LinkedHashMap<>();
    /**
     * The object table, parsed and checked; the objects are built from it. Dropped, with the build
     * state, once the continuation is built ({@link #releaseTable}).
     */
    private ObjectTable objects;
    private final Map<String, String> fingerprints = new LinkedHashMap<>();
    private final List<Object[]> threadLocals = new ArrayList<>();

    // materialization state; guarded by this
    private final Map<String, Class<?>> classes = new java.util.HashMap<>();
    private Object[] built;
    /** Ids of objects allocated but not yet filled in, first in first out: each is queued once. */
    private int[] unfilled;
    private int unfilledHead;
    private int unfilledTail;
    /** Per class index of the table: what was decided about it (loaded, allowed, its fields). */
    private TableClass[] tableClasses;
    /** Where the table is read while objects are filled in; {@link #build} leaves its position as it found it. */
    private TableIn table;
    /** The snapshot's format version (at most {@link SnapshotCodec#FORMAT_VERSION}). */
    private final int format;
    private ClassLoader target;
    /** The thread the task resumes on, which its references to its own thread become; null when only inspecting. */
    private Thread taskThread;
    private boolean busy;
    private boolean done;

    private SnapshotReader(byte[] bytes) {
        Wire wire = WireType.BINARY_LIGHT.apply(Bytes.wrapForRead(bytes));
        format = wire.read("format").int32();
        if (format < SnapshotCodec.OLDEST_FORMAT_READ || format > SnapshotCodec.FORMAT_VERSION) {
            throw new SnapshotFormatException("snapshot format " + format + " is not one this Ferry reads ("
                    + SnapshotCodec.OLDEST_FORMAT_READ + " to " + SnapshotCodec.FORMAT_VERSION
                    + "); resume it with the Ferry version that wrote it");
        }
        String engine = text(wire.read("engine"));
        String task = text(wire.read("task"));
        long epoch = wire.read("epoch").int64();
        String className = text(wire.read("class"));
        EntryKind entry = EntryKind.valueOf(text(wire.read("entry")));
        List<String> args = new ArrayList<>();
        wire.read("args").sequence(args, (list, in) -> {
            while (in.hasNextSequenceItem()) {
                list.add(text(in));
            }
        });
        String on = text(wire.read("capturedOn"));
        Instant at = Instant.parse(text(wire.read("capturedAt")));
        long out = wire.read("stdout").int64();
        long err = wire.read("stderr").int64();
        wire.read("fingerprints").sequence(fingerprints, (map, in) -> {
            while (in.hasNextSequenceItem()) {
                in.marshallable(m -> map.put(text(m.read("c")), text(m.read("sha256"))));
            }
        });
        wire.read("frames").sequence(frames, (list, in) -> {
            while (in.hasNextSequenceItem()) {
                in.marshallable(m -> {
                    String c = text(m.read("c"));
                    String name = text(m.read("m"));
                    String desc = text(m.read("d"));
                    int k = m.read("k").int32();
                    if (k < 0) {
                        throw new SnapshotFormatException("negative resume index " + k + " in frame " + c + "." + name);
                    }
                    int line = m.read("line").int32();
                    List<String> names = new ArrayList<>();
                    m.read("names").sequence(names, (ns, nin) -> {
                        while (nin.hasNextSequenceItem()) {
                            ns.add(text(nin));
                        }
                    });
                    List<Object> locals = new ArrayList<>();
                    List<Object> stack = new ArrayList<>();
                    m.read("locals").sequence(locals, SnapshotReader::values);
                    m.read("stack").sequence(stack, SnapshotReader::values);
                    list.add(new RawFrame(c, name, desc, k, line, names, locals, stack));
                });
            }
        });
        wire.read("statics").sequence(statics, (map, in) -> {
            while (in.hasNextSequenceItem()) {
                in.marshallable(m -> {
                    String c = text(m.read("c"));
                    Map<String, Object> fields = new LinkedHashMap<>();
                    m.read("f").sequence(fields, (fs, values) -> {
                        while (values.hasNextSequenceItem()) {
                            values.marshallable(f -> {
                                String name = text(f.read("n"));
                                fs.put(name, inline(f));
                            });
                        }
                    });
                    map.put(c, fields);
                });
            }
        });
        wire.read("threadLocals").sequence(threadLocals, (list, in) -> {
            while (in.hasNextSequenceItem()) {
                in.marshallable(m -> {
                    Object[] pair = new Object[2];
                    m.read("k").marshallable(k -> pair[0] = inline(k));
                    m.read("v").marshallable(v -> pair[1] = inline(v));
                    list.add(pair);
                });
            }
        });
        if (!"follows".equals(wire.read("table").text())) {
            throw new SnapshotFormatException("not a readable Ferry snapshot (truncated or corrupt): no object table");
        }
        // The object table is the rest of the file, after the document.
        documentLength = wire.bytes().readPosition();
        if (documentLength > Integer.MAX_VALUE) {
            throw new SnapshotFormatException("snapshot over 2 GiB");
        }
        objects = new ObjectTable(bytes, (int) documentLength);
        if (frames.isEmpty()) {
            throw new SnapshotFormatException("snapshot has no frames");
        }
        header = new Snapshot(task, epoch, engine, on, at, out, err,
                new Continuation(className, args, entry, List.of(new FrameState(className, "?", "()V", 0,
                        new Object[0], new Object[0])), Map.of(), fingerprints));
    }

    /** Reads a snapshot's bytes, checking their shape. */
    static SnapshotReader read(byte[] bytes) {
        try {
            return new SnapshotReader(bytes);
        } catch (SnapshotFormatException e) {
            throw e;
        } catch (RuntimeException | AssertionError e) {
            throw new SnapshotFormatException("not a readable Ferry snapshot (truncated or corrupt): " + e, e);
        }
    }

    private static String text(ValueIn in) {
        String s = in.text();
        if (s == null) {
            throw new SnapshotFormatException("a text field is missing");
        }
        return s;
    }

    private static void values(List<Object> list, ValueIn in) {
        while (in.hasNextSequenceItem()) {
            in.marshallable(m -> list.add(inline(m)));
        }
    }

    private static Object inline(WireIn m) {
        StringBuilder tag = new StringBuilder();
        ValueIn v = m.read(tag);
        if (tag.length() != 1) {
            throw new SnapshotFormatException("unknown value tag '" + tag + "'");
        }
        return switch (tag.charAt(0)) {
            case 'n' -> {
                v.int8();
                yield null;
            }
            case 'i' -> v.int32();
            case 'j' -> v.int64();
            case 'd' -> v.float64();
            case 'f' -> v.float32();
            case 'z' -> v.bool();
            case 'c' -> (char) v.uint16();
            case 'b' -> v.int8();
            case 's' -> v.int16();
            case 'r' -> {
                int id = v.int32();
                if (id < 0 || id >= MAX_OBJECTS) {
                    throw new SnapshotFormatException("object reference out of range: " + id);
                }
                yield new Ref(id);
            }
            default -> throw new SnapshotFormatException("unknown value tag '" + tag + "'");
        };
    }

    /** Where the document ends and the object table begins. */
    private long documentLength;

    /** The payload of a primitive value under {@code tag}, boxed. */
    static Object primitive(int tag, TableIn in) {
        return switch (tag) {
            case 'i' -> (int) in.readStopBit();
            case 'j' -> in.readStopBit();
            case 'd' -> in.readDouble();
            case 'f' -> in.readFloat();
            case 'z' -> in.readByte() != 0;
            case 'c' -> (char) in.readStopBit();
            case 'b' -> in.readByte();
            case 's' -> (short) in.readStopBit();
            default -> throw new SnapshotFormatException("unknown value tag " + tag);
        };
    }

    long documentLength() {
        return documentLength;
    }

    /** See {@link SnapshotCodec#describe}. */
    synchronized String describe() {
        if (done) {
            throw new IllegalStateException("this snapshot has been built, and its table let go; describe it before");
        }
        StringBuilder out = new StringBuilder();
        Snapshot h = header;
        out.append("task: ").append(h.taskId()).append("   epoch: ").append(h.epoch()).append('\n');
        out.append("class: ").append(h.continuation().className()).append(' ').append(h.continuation().args())
                .append("   entry: ").append(h.continuation().entryKind()).append('\n');
        out.append("captured: on ").append(h.capturedOn()).append(" at ").append(h.capturedAt())
                .append("   engine ").append(h.engineVersion()).append("   format ").append(format).append('\n');
        out.append("output: stdout ").append(h.stdoutBytes()).append(" bytes, stderr ").append(h.stderrBytes()).append(" bytes\n");
        out.append("frames:                       # outermost first\n");
        for (RawFrame f : frames) {
            out.append("  - ").append(f.cls()).append('.').append(f.method()).append(f.desc());
            out.append(f.line() >= 0 ? "   line " + f.line() : "").append("   resume point ").append(f.index()).append('\n');
            if (f.cls().equals(FrameState.SLEEP_CLASS) && f.method().equals(FrameState.SLEEP_METHOD) && !f.locals().isEmpty()) {
                out.append("      remaining sleep: ").append(show(f.locals().get(0))).append(" ns\n");
                continue;
            }
            for (int slot = 0; slot < f.locals().size(); slot++) {
                Object v = f.locals().get(slot);
                String name = slot < f.names().size() && !f.names().get(slot).isEmpty() ? f.names().get(slot) : "#" + slot;
                if (v == null && (slot >= f.names().size() || f.names().get(slot).isEmpty())) {
                    continue; // not saved here
                }
                out.append("      ").append(name).append(": ").append(show(v)).append('\n');
            }
            if (!f.stack().isEmpty()) {
                out.append("      (operand stack): ").append(f.stack().stream().map(this::show).toList()).append('\n');
            }
        }
        if (!statics.isEmpty()) {
            out.append("statics:\n");
            statics.forEach((c, fields) -> {
                out.append("  ").append(c).append(":\n");
                fields.forEach((n, v) -> out.append("      ").append(n).append(": ").append(show(v)).append('\n'));
            });
        }
        if (!threadLocals.isEmpty()) {
            out.append("thread-locals: ").append(threadLocals.size()).append('\n');
        }
        Map<String, long[]> byClass = new java.util.TreeMap<>();
        long total = 0;
        for (int id = 0; id < objects.size(); id++) {
            int kind = objects.kind(id);
            String type = objects.className(id) != null ? objects.className(id)
                    : kind == SnapshotWriter.K_VAL ? objects.rare(id).cls : switch (kind) {
                        case SnapshotWriter.K_STR -> "java.lang.String";
                        case SnapshotWriter.K_CLS -> "java.lang.Class";
                        case SnapshotWriter.K_LAMBDA -> "(lambda) " + objects.rare(id).lambda.get("cap");
                        default -> "(" + kindName(kind) + ")";
                    };
            long bytes = kind == SnapshotWriter.K_STR ? 2L * objects.string(id).length()
                    : kind == SnapshotWriter.K_ARR && isPrimitiveArray(id) ? count(id)
                    : objects.rare(id) != null && objects.rare(id).text != null ? 2L * objects.rare(id).text.length()
                    : 8L * valueCount(id);
            long[] entry = byClass.computeIfAbsent(type, t -> new long[2]);
            entry[0]++;
            entry[1] += bytes + 16;
            total += bytes + 16;
        }
        out.append("heap: ").append(objects.size()).append(" objects, about ").append(total).append(" bytes\n");
        byClass.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(20)
                .forEach(e -> out.append(String.format("  %8d objects %12d bytes  %s%n", e.getValue()[0], e.getValue()[1], e.getKey())));
        return out.toString();
    }

    private String show(Object v) {
        if (v instanceof Ref r) {
            int id = r.id();
            if (id >= objects.size()) {
                return "#" + id + " (missing)";
            }
            ObjectTable.Rare rare = objects.rare(id);
            return switch (objects.kind(id)) {
                case SnapshotWriter.K_STR -> {
                    String text = objects.string(id);
                    yield "\"" + (text.length() > 60 ? text.substring(0, 60) + "…" : text) + "\"";
                }
                case SnapshotWriter.K_VAL -> rare.cls + " " + MovableTypes.describe(rare.cls, rare.text);
                case SnapshotWriter.K_ENUM -> rare.cls + " " + rare.text;
                case SnapshotWriter.K_STD -> rare.text.equals("thread") ? "the task's thread" : "System." + rare.text;
                case SnapshotWriter.K_WK -> rare.text;
                case SnapshotWriter.K_CLS -> "class " + rare.text;
                case SnapshotWriter.K_ARR -> objects.className(id)
                        + (isPrimitiveArray(id) ? " (" + count(id) + " bytes)" : " [" + count(id) + "]") + " #" + id;
                case SnapshotWriter.K_LAMBDA -> "lambda of " + rare.lambda.get("cap") + " #" + id;
                default -> objects.className(id) + " #" + id;
            };
        }
        return String.valueOf(v);
    }

    private static String kindName(int kind) {
        return switch (kind) {
            case SnapshotWriter.K_STR -> "str";
            case SnapshotWriter.K_CLS -> "cls";
            case SnapshotWriter.K_WK -> "wk";
            case SnapshotWriter.K_STD -> "std";
            case SnapshotWriter.K_VAL -> "val";
            case SnapshotWriter.K_ENUM -> "enum";
            case SnapshotWriter.K_ARR -> "arr";
            case SnapshotWriter.K_LAMBDA -> "lambda";
            case SnapshotWriter.K_REC -> "rec";
            case SnapshotWriter.K_WEAK -> "weak";
            default -> "obj";
        };
    }

    private boolean isPrimitiveArray(int id) {
        return objects.kind(id) == SnapshotWriter.K_ARR && objects.className(id).length() == 2;
    }

    /** The count an array, record or lambda entry starts with (an array's bytes, for a primitive one). */
    private int count(int id) {
        return new TableIn(objects.bytes(), objects.start(id)).readCount();
    }

    /** How many values an entry holds. */
    private int valueCount(int id) {
        int kind = objects.kind(id);
        if (kind == SnapshotWriter.K_OBJ) {
            return objects.layout(objects.classIndex(id)).size();
        }
        return kind == SnapshotWriter.K_ARR || kind == SnapshotWriter.K_REC || kind == SnapshotWriter.K_LAMBDA
                || kind == SnapshotWriter.K_WEAK ? count(id) : 0;
    }

    @Override
    public String engineVersion() {
        return header.engineVersion();
    }

    /** Identity, times and positions; its continuation holds only the class, args and fingerprints. */
    public Snapshot header() {
        return header;
    }

    private final List<dev.ferry.runtime.Resumable> resumables = new ArrayList<>();

    @Override
    public synchronized List<dev.ferry.runtime.Resumable> resumables() {
        return List.copyOf(resumables);
    }

    @Override
    public Map<String, String> fingerprints() {
        return Map.copyOf(fingerprints);
    }

    @Override
    public synchronized boolean hasStatics(String className) {
        return !done && statics.containsKey(className);
    }

    @Override
    public synchronized Object staticValue(String className, String field, ClassLoader loader) {
        start(loader);
        Map<String, Object> fields = statics.get(className);
        if (fields == null || !fields.containsKey(field)) {
            throw new SnapshotFormatException("the snapshot has no value for static field " + className + "." + field
                    + "; the class differs from the one captured");
        }
        boolean outermost = !busy;
        busy = true;
        try {
            Object v = resolve(fields.get(field));
            if (outermost) {
                drain();
            }
            return v;
        } finally {
            if (outermost) {
                busy = false;
            }
        }
    }

    /**
     * The continuation built in {@code loader}, for looking at rather than resuming: a snapshot
     * that refers to its task's own thread (a lock it held) refuses this, with an
     * {@link IllegalStateException}; resume with {@link #continuation(ClassLoader, Thread)}.
     */
    public Continuation continuation(ClassLoader loader) {
        return continuation(loader, null);
    }

    @Override
    public synchronized Continuation continuation(ClassLoader loader, Thread resumedOn) {
        taskThread = resumedOn;
        start(loader);
        busy = true;
        try {
            List<FrameState> states = new ArrayList<>();
            for (RawFrame f : frames) {
                states.add(new FrameState(f.cls(), f.method(), f.desc(), f.index(), resolveAll(f.locals()), resolveAll(f.stack())));
            }
            for (String className : statics.keySet()) {
                Class.forName(className, true, loader); // restore-mode <clinit>s take their statics from here
            }
            Map<String, Map<String, Object>> values = new LinkedHashMap<>();
            statics.forEach((c, fields) -> {
                Map<String, Object> vs = new LinkedHashMap<>();
                fields.forEach((n, v) -> vs.put(n, resolve(v)));
                values.put(c, vs);
            });
            List<Continuation.ThreadLocalValue> locals = new ArrayList<>();
            for (Object[] pair : threadLocals) {
                Object key = resolve(pair[0]);
                if (!(key instanceof ThreadLocal<?>)) {
                    throw new SnapshotFormatException("a thread-local entry's key is not a ThreadLocal");
                }
                locals.add(new Continuation.ThreadLocalValue(key, resolve(pair[1])));
            }
            drain();
            try {
                putWeakEntries();
                dev.ferry.runtime.heap.HashTables.rehash(java.util.Arrays.asList(built)); // it passes over the nulls
            } catch (RuntimeException | StackOverflowError e) {
                // keys whose hashCode fails (or recurses, in a table that contains itself): not a table the task had
                throw new SnapshotFormatException("a hash table of the snapshot cannot be rebuilt: " + e, e);
            }
            for (Object o : built) {
                if (o instanceof dev.ferry.runtime.Resumable r) {
                    resumables.add(r);
                }
            }
            done = true;
            releaseTable();
            Continuation h = header.continuation();
            return new Continuation(h.className(), h.args(), h.entryKind(), states, values, fingerprints, locals);
        } catch (ClassNotFoundException e) {
            throw new SnapshotFormatException("class " + e.getMessage() + " of the snapshot is not on the class path", e);
        } catch (SnapshotFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            // whatever else a malformed document trips over while being built: it is not a snapshot we resume
            throw new SnapshotFormatException("the snapshot does not describe a resumable task: " + e, e);
        } finally {
            busy = false;
        }
    }

    /**
     * Lets go of the snapshot's bytes, its table and what building it took: the task's objects are
     * its own now, and a resumed task's class loader keeps its materializer (this) for as long as
     * the task runs. Kept, a task moved with 100 MB of state held a second 100 MB for the rest of
     * its life, and every move left its table to the garbage collector's young collections until
     * the loader was unloaded.
     */
    private void releaseTable() {
        objects = null;
        built = null;
        unfilled = null;
        tableClasses = null;
        table = null;
        classes.clear();
        target = null;
    }

    private void start(ClassLoader loader) {
        if (done) {
            throw new IllegalStateException("this snapshot has been built once; decode it again to build it again");
        }
        if (built == null) {
            built = new Object[objects.size()];
            unfilled = new int[objects.size()];
            tableClasses = new TableClass[objects.classCount()];
            table = new TableIn(objects.bytes(), 0);
            target = loader;
        }
    }

    private Object[] resolveAll(List<Object> raw) {
        Object[] out = new Object[raw.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = resolve(raw.get(i));
        }
        return out;
    }

    private Object resolve(Object raw) {
        return raw instanceof Ref r ? build(r.id()) : raw;
    }

    /** The next value of the table at its current position: a reference built (or allocated), a primitive boxed. */
    private Object readValue() {
        int tag = table.readUnsignedByte();
        return switch (tag) {
            case 'n' -> null;
            case 'r' -> build(ObjectTable.reference(table));
            default -> primitive(tag, table);
        };
    }

    private Object[] readValues(int n) {
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            values[i] = readValue();
        }
        return values;
    }

    /**
     * Object {@code id}: built, or allocated and queued to be filled in (so that a long chain is a
     * loop over the queue, not a recursion). The table's read position is as it was before.
     */
    private Object build(int id) {
        if (id >= objects.size()) {
            throw new SnapshotFormatException("object reference out of range: " + id + " of " + objects.size());
        }
        if (built[id] != null) {
            return built[id];
        }
        int resume = table.position();
        Object o;
        try {
            ObjectTable.Rare rare = objects.rare(id);
            o = switch (objects.kind(id)) {
                case SnapshotWriter.K_STR -> objects.string(id);
                case SnapshotWriter.K_STD -> stream(rare.text);
                case SnapshotWriter.K_WK -> {
                    Object wk = WellKnownObjects.byName(rare.text);
                    if (wk == null) {
                        throw new SnapshotFormatException("unknown well-known object " + rare.text);
                    }
                    yield wk;
                }
                case SnapshotWriter.K_CLS -> load(rare.text);
                case SnapshotWriter.K_VAL -> MovableTypes.fromText(rare.cls, rare.text, this::load);
                case SnapshotWriter.K_ENUM -> enumConstant(rare.cls, rare.text);
                case SnapshotWriter.K_ARR -> array(id);
                case SnapshotWriter.K_LAMBDA -> lambda(id);
                case SnapshotWriter.K_REC -> record(id);
                case SnapshotWriter.K_WEAK -> weakMap(id);
                case SnapshotWriter.K_OBJ -> shell(id);
                default -> throw new SnapshotFormatException("unknown object kind " + objects.kind(id));
            };
        } finally {
            table.position(resume);
        }
        if (built[id] == null) {
            built[id] = o;
        }
        return built[id];
    }

    private void enqueue(int id) {
        unfilled[unfilledTail++] = id; // each object is allocated, and so queued, once: the array has room
    }

    private Object stream(String which) {
        if (which.equals("thread")) {
            if (taskThread == null) {
                throw new IllegalStateException("the snapshot refers to its task's own thread: decode it with"
                        + " continuation(loader, thread), giving the thread it resumes on");
            }
            return taskThread;
        }
        Class<?> entry = load(header.continuation().className());
        return switch (which) {
            case "out" -> TaskIO.out(entry);
            case "err" -> TaskIO.err(entry);
            case "in" -> TaskIO.in(entry);
            default -> throw new SnapshotFormatException("unknown standard stream " + which);
        };
    }

    private Class<?> load(String name) {
        Class<?> known = classes.get(name);
        if (known != null) {
            return known;
        }
        Class<?> c = loadUncached(name);
        classes.put(name, c);
        return c;
    }

    private Class<?> loadUncached(String name) {
        try {
            Class<?> primitive = dev.ferry.runtime.heap.PrimitiveTypes.named(name);
            return primitive != null ? primitive : Class.forName(name, false, target);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new SnapshotFormatException("class " + name + " of the snapshot cannot be loaded here: " + e, e);
        }
    }

    private Class<?> allowed(String name) {
        Class<?> c = load(name);
        if (SnapshotWriter.isTaskClass(c) || MovableTypes.isMovableJdkClass(c) || c.isEnum() && c.getClassLoader() == null) {
            return c;
        }
        throw new SnapshotFormatException("the snapshot names class " + name + ", which a snapshot may not contain");
    }

    /**
     * What was decided, once, about a class index of the table that objects, arrays or records are
     * built of: the class (loaded and allowed), and for plain objects its checks and fields.
     */
    private static final class TableClass {
        final Class<?> type;
        final boolean taskClass;
        /** Whether objects of it may be built field by field (checked with the first). */
        boolean plain;
        /** Whether its static initializer has been asked to run (task classes). */
        boolean initialized;
        /** The fields of the table's layout, in order; null where this JDK lacks one. */
        FieldAccess[] layout;

        TableClass(Class<?> type) {
            this.type = type;
            this.taskClass = SnapshotWriter.isTaskClass(type);
        }
    }

    private TableClass tableClass(int id) {
        int index = objects.classIndex(id);
        TableClass tc = tableClasses[index];
        if (tc == null) {
            tc = new TableClass(allowed(objects.className(id)));
            tableClasses[index] = tc;
        }
        return tc;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object enumConstant(String cls, String name) {
        Class<?> c = load(cls);
        if (!c.isEnum()) {
            throw new SnapshotFormatException(cls + " is not an enum");
        }
        try {
            return Enum.valueOf((Class) c, name);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("enum " + cls + " has no constant " + name, e);
        }
    }

    private Object array(int id) {
        Class<?> type = tableClass(id).type;
        if (!type.isArray()) {
            throw new SnapshotFormatException("an array entry names " + type.getName() + ", which is not an array class");
        }
        Class<?> component = type.getComponentType();
        table.position(objects.start(id));
        int n = table.readCount();
        if (component.isPrimitive()) {
            return fromBlob(component, objects.bytes(), table.position(), n);
        }
        Object array = Array.newInstance(component, n);
        built[id] = array;
        enqueue(id);
        return array;
    }

    private Object lambda(int id) {
        table.position(objects.start(id));
        Object[] captured = readValues(table.readCount());
        Map<String, Object> l = objects.rare(id).lambda;
        SerializedLambda description = new SerializedLambda(load(((String) l.get("cap")).replace('/', '.')),
                (String) l.get("fi"), (String) l.get("fm"), (String) l.get("fs"), (Integer) l.get("ik"), (String) l.get("ic"),
                (String) l.get("im"), (String) l.get("is"), (String) l.get("it"), captured);
        try {
            return Lambdas.recreate(description, target, captured);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException(e.getMessage(), e);
        }
    }

    private Object record(int id) {
        Class<?> c = tableClass(id).type;
        String name = c.getName();
        if (!c.isRecord()) {
            throw new SnapshotFormatException(name + " is not a record");
        }
        RecordComponent[] components = c.getRecordComponents();
        table.position(objects.start(id));
        int n = table.readCount();
        if (components.length != n) {
            throw new SnapshotFormatException("record " + name + " has " + components.length + " components, the snapshot " + n);
        }
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < types.length; i++) {
            types[i] = components[i].getType();
        }
        Object[] values = readValues(n);
        try {
            Constructor<?> canonical = c.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new SnapshotFormatException("cannot rebuild record " + name + ": " + e, e);
        }
    }

    private Object shell(int id) {
        TableClass tc = tableClass(id);
        Class<?> c = tc.type;
        if (!tc.plain) {
            if (c.isArray() || c.isInterface() || c.isPrimitive() || c.isEnum() && !tc.taskClass || c.isRecord()
                    || java.lang.reflect.Modifier.isAbstract(c.getModifiers())) {
                throw new SnapshotFormatException("an object entry names " + c.getName() + ", which is not a class of plain objects");
            }
            tc.plain = true;
        }
        if (tc.taskClass && !tc.initialized) {
            try {
                Class.forName(c.getName(), true, target); // its <clinit> may build this very object as a static
            } catch (ClassNotFoundException e) {
                throw new SnapshotFormatException("class " + c.getName() + " vanished", e);
            }
            tc.initialized = true; // initialized, or being initialized by this thread: no <clinit> runs again
            if (built[id] != null) {
                return built[id];
            }
        }
        Object o;
        try {
            o = dev.ferry.runtime.heap.Shells.allocate(c);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException(e.getMessage(), e);
        }
        built[id] = o;
        enqueue(id);
        return o;
    }

    private void drain() {
        while (unfilledHead < unfilledTail) {
            int id = unfilled[unfilledHead++];
            if (objects.kind(id) == SnapshotWriter.K_ARR) {
                fillArray((Object[]) built[id], id);
            } else if (objects.kind(id) == SnapshotWriter.K_WEAK) {
                table.position(objects.start(id));
                int n = table.readCount();
                if (n % 2 != 0) {
                    throw new SnapshotFormatException("a WeakHashMap entry with " + n + " values, not key, value pairs");
                }
                weakEntries.add(new Object[] {built[id], readValues(n)});
            } else {
                fill(built[id], id);
            }
        }
    }

    /** WeakHashMaps and their key, value pairs: put in once every object is filled in (keys' hash codes read their fields). */
    private final List<Object[]> weakEntries = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private void putWeakEntries() {
        for (Object[] entry : weakEntries) {
            java.util.Map<Object, Object> map = (java.util.Map<Object, Object>) entry[0];
            Object[] pairs = (Object[]) entry[1];
            for (int i = 0; i < pairs.length; i += 2) {
                map.put(pairs[i], pairs[i + 1]);
            }
        }
        weakEntries.clear();
    }

    private Object weakMap(int id) {
        if (tableClass(id).type != java.util.WeakHashMap.class) {
            throw new SnapshotFormatException("a weak map entry names " + tableClass(id).type.getName());
        }
        Object map = new java.util.WeakHashMap<>();
        built[id] = map;
        enqueue(id);
        return map;
    }

    private void fillArray(Object[] array, int id) {
        Class<?> component = array.getClass().getComponentType();
        table.position(objects.start(id));
        int n = table.readCount(); // the length the array was made with
        for (int i = 0; i < n; i++) {
            Object v = readValue();
            if (v != null && !component.isInstance(v)) {
                throw new SnapshotFormatException("array " + array.getClass().getName() + " cannot hold a " + v.getClass().getName());
            }
            array[i] = v;
        }
    }

    /** The fields of a class's layout, resolved once (with its first object) and checked against the class. */
    private FieldAccess[] layout(TableClass tc, int id) {
        if (tc.layout != null) {
            return tc.layout;
        }
        List<String> names = objects.layout(objects.classIndex(id));
        FieldAccess[] resolved = new FieldAccess[names.size()];
        for (int i = 0; i < resolved.length; i++) {
            String name = names.get(i);
            int hash = name.indexOf('#');
            if (hash < 0) {
                throw new SnapshotFormatException("malformed field name " + name);
            }
            Class<?> declaring = load(name.substring(0, hash));
            if (!declaring.isAssignableFrom(tc.type)) {
                throw new SnapshotFormatException(tc.type.getName() + " has no field " + name);
            }
            try {
                Field f = declaring.getDeclaredField(name.substring(hash + 1));
                if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    if (declaring.getClassLoader() == null) {
                        continue; // a JDK of another version made it static (Scanner.digits in 25): as if dropped
                    }
                    throw new SnapshotFormatException(name + " is a static field");
                }
                f.setAccessible(true);
                resolved[i] = new FieldAccess(f);
            } catch (NoSuchFieldException e) {
                if (declaring.getClassLoader() == null) {
                    // A JDK class of another version: a field it added (LinkedHashMap.putMode in 21) or
                    // dropped. Its value is left behind; a field this JDK adds keeps its default.
                    continue;
                }
                throw new SnapshotFormatException("class " + declaring.getName() + " here has no field " + name
                        + "; it differs from the one captured", e);
            } catch (RuntimeException e) {
                throw new SnapshotFormatException("cannot set " + name + ": " + e, e);
            }
        }
        tc.layout = resolved;
        return resolved;
    }

    private void fill(Object o, int id) {
        TableClass tc = tableClasses[objects.classIndex(id)];
        FieldAccess[] layout = layout(tc, id);
        table.position(objects.start(id));
        for (int i = 0; i < layout.length; i++) {
            int tag = table.readUnsignedByte();
            FieldAccess f = layout[i];
            if (f == null) {
                ObjectTable.skipValue(table, tag); // a JDK field this version does not have
                continue;
            }
            try {
                if (tag == 'r') {
                    f.setReference(o, build(ObjectTable.reference(table)));
                } else if (tag == 'n') {
                    f.setReference(o, null);
                } else {
                    f.setPrimitive(o, tag, table);
                }
            } catch (IllegalAccessException | IllegalArgumentException e) {
                throw new SnapshotFormatException("cannot set " + objects.layout(objects.classIndex(id)).get(i) + ": " + e, e);
            }
        }
        if (o instanceof java.nio.Buffer buffer) {
            HeapBuffers.relocate(buffer);
        }
    }

    private static Object fromBlob(Class<?> t, byte[] blob, int offset, int length) {
        if (blob == null) {
            throw new SnapshotFormatException("primitive array without data");
        }
        if (t == byte.class) {
            return java.util.Arrays.copyOfRange(blob, offset, offset + length);
        }
        if (t == boolean.class) {
            boolean[] out = new boolean[length];
            for (int i = 0; i < length; i++) {
                out[i] = blob[offset + i] != 0;
            }
            return out;
        }
        int size = t == long.class || t == double.class ? 8 : t == int.class || t == float.class ? 4 : 2;
        if (length % size != 0) {
            throw new SnapshotFormatException("a " + t + "[] blob of " + length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(blob, offset, length).slice().order(ByteOrder.LITTLE_ENDIAN);
        int n = length / size;
        if (t == int.class) {
            int[] a = new int[n];
            buffer.asIntBuffer().get(a);
            return a;
        } else if (t == long.class) {
            long[] a = new long[n];
            buffer.asLongBuffer().get(a);
            return a;
        } else if (t == double.class) {
            double[] a = new double[n];
            buffer.asDoubleBuffer().get(a);
            return a;
        } else if (t == float.class) {
            float[] a = new float[n];
            buffer.asFloatBuffer().get(a);
            return a;
        } else if (t == short.class) {
            short[] a = new short[n];
            buffer.asShortBuffer().get(a);
            return a;
        }
        char[] a = new char[n];
        buffer.asCharBuffer().get(a);
        return a;
    }
}
