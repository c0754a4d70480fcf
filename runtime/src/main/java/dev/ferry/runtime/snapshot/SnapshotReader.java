package dev.ferry.runtime.snapshot;

import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.continuation.EntryKind;
import dev.ferry.runtime.continuation.FrameState;
import dev.ferry.runtime.engine.Materializer;
import dev.ferry.runtime.engine.TaskIO;
import dev.ferry.runtime.heap.Lambdas;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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

    /** One entry of the object table, as read. */
    private static final class Raw {
        String kind;
        String cls;
        String text;
        byte[] blob;
        /** For a primitive array: where its bytes start in {@link #blob} (the whole heap, not a copy). */
        int offset;
        int length;
        List<Object> values = List.of();
        /** Field names of an object entry: its class's layout, shared by all objects of the class. */
        List<String> names = List.of();
        Map<String, Object> lambda;
    }

    private record RawFrame(String cls, String method, String desc, int index, int line, List<String> names,
                            List<Object> locals, List<Object> stack) {
    }

    private final Snapshot header;
    private final List<RawFrame> frames = new ArrayList<>();
    private final Map<String, Map<String, Object>> statics = new LinkedHashMap<>();
    private final List<Raw> objects = new ArrayList<>();
    private final Map<String, String> fingerprints = new LinkedHashMap<>();
    private final List<Object[]> threadLocals = new ArrayList<>();
    /** Per class, the field names its first object declared, for the objects after it. */
    private final Map<String, List<String>> layouts = new java.util.HashMap<>();

    // materialization state; guarded by this
    private final Map<String, Class<?>> classes = new java.util.HashMap<>();
    private Object[] built;
    private final Deque<Integer> unfilled = new ArrayDeque<>();
    private ClassLoader target;
    private boolean busy;
    private boolean done;

    private SnapshotReader(byte[] bytes) {
        Wire wire = WireType.BINARY_LIGHT.apply(Bytes.wrapForRead(bytes));
        int format = wire.read("format").int32();
        if (format != SnapshotCodec.FORMAT_VERSION) {
            throw new SnapshotFormatException("snapshot format " + format + " is not the one this Ferry reads ("
                    + SnapshotCodec.FORMAT_VERSION + "); resume it with the Ferry version that wrote it");
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
        Bytes<?> in = Bytes.wrapForRead(bytes);
        in.readPosition(documentLength);
        heapArray = bytes;
        while (in.readRemaining() > 0) {
            if (objects.size() >= MAX_OBJECTS) {
                throw new SnapshotFormatException("snapshot has more than " + MAX_OBJECTS + " objects");
            }
            objects.add(heapObject(in));
        }
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

    private final List<String> classNames = new ArrayList<>();
    /** The snapshot's bytes, which primitive arrays are read from in place. */
    private byte[] heapArray;
    /** Where the document ends and the object table begins. */
    private long documentLength;

    private String className(Bytes<?> in) {
        long index = in.readStopBit();
        if (index == classNames.size()) {
            classNames.add(utf8(in));
        } else if (index < 0 || index > classNames.size()) {
            throw new SnapshotFormatException("class index " + index + " out of range");
        }
        return classNames.get((int) index);
    }

    private static String utf8(Bytes<?> in) {
        String s = in.readUtf8();
        if (s == null) {
            throw new SnapshotFormatException("a text value is missing");
        }
        return s;
    }

    private static int count(Bytes<?> in) {
        long n = in.readStopBit();
        if (n < 0 || n > in.readRemaining()) {
            throw new SnapshotFormatException("a count of " + n + " with " + in.readRemaining() + " bytes left");
        }
        return (int) n;
    }

    private static Object heapValue(Bytes<?> in) {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case 'n' -> null;
            case 'i' -> (int) in.readStopBit();
            case 'j' -> in.readStopBit();
            case 'd' -> in.readDouble();
            case 'f' -> in.readFloat();
            case 'z' -> in.readByte() != 0;
            case 'c' -> (char) in.readStopBit();
            case 'b' -> in.readByte();
            case 's' -> (short) in.readStopBit();
            case 'r' -> {
                long id = in.readStopBit();
                if (id < 0 || id >= MAX_OBJECTS) {
                    throw new SnapshotFormatException("object reference out of range: " + id);
                }
                yield new Ref((int) id);
            }
            default -> throw new SnapshotFormatException("unknown value tag " + tag);
        };
    }

    private static List<Object> values(Bytes<?> in, int n) {
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            values[i] = heapValue(in);
        }
        return java.util.Arrays.asList(values);
    }

    private Raw heapObject(Bytes<?> in) {
        Raw raw = new Raw();
        int kind = in.readUnsignedByte();
        switch (kind) {
            case SnapshotWriter.K_STR -> {
                raw.kind = "str";
                raw.text = utf8(in);
            }
            case SnapshotWriter.K_CLS, SnapshotWriter.K_WK, SnapshotWriter.K_STD -> {
                raw.kind = kind == SnapshotWriter.K_CLS ? "cls" : kind == SnapshotWriter.K_WK ? "wk" : "std";
                raw.text = utf8(in);
            }
            case SnapshotWriter.K_VAL -> {
                raw.kind = "val";
                raw.cls = utf8(in);
                raw.text = utf8(in);
            }
            case SnapshotWriter.K_ENUM -> {
                raw.kind = "enum";
                raw.cls = className(in);
                raw.text = utf8(in);
            }
            case SnapshotWriter.K_ARR -> {
                raw.kind = "arr";
                raw.cls = className(in);
                int n = count(in);
                if (raw.cls.length() == 2) {
                    // the array's bytes stay where they are in the heap section: one copy fewer
                    raw.blob = heapArray;
                    raw.offset = (int) in.readPosition();
                    raw.length = n;
                    in.readSkip(n);
                } else {
                    raw.values = values(in, n);
                }
            }
            case SnapshotWriter.K_LAMBDA -> {
                raw.kind = "lambda";
                raw.lambda = new LinkedHashMap<>();
                for (String key : List.of("cap", "fi", "fm", "fs")) {
                    raw.lambda.put(key, utf8(in));
                }
                raw.lambda.put("ik", (int) in.readStopBit());
                for (String key : List.of("ic", "im", "is", "it")) {
                    raw.lambda.put(key, utf8(in));
                }
                raw.values = values(in, count(in));
            }
            case SnapshotWriter.K_REC -> {
                raw.kind = "rec";
                raw.cls = className(in);
                raw.values = values(in, count(in));
            }
            case SnapshotWriter.K_OBJ -> {
                raw.kind = "obj";
                raw.cls = className(in);
                List<String> names = layouts.get(raw.cls);
                if (names == null) {
                    int n = count(in);
                    names = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        names.add(utf8(in));
                    }
                    layouts.put(raw.cls, names);
                }
                raw.names = names;
                raw.values = values(in, names.size());
            }
            default -> throw new SnapshotFormatException("unknown object kind " + kind);
        }
        return raw;
    }

    long documentLength() {
        return documentLength;
    }

    /** See {@link SnapshotCodec#describe}. */
    String describe() {
        StringBuilder out = new StringBuilder();
        Snapshot h = header;
        out.append("task: ").append(h.taskId()).append("   epoch: ").append(h.epoch()).append('\n');
        out.append("class: ").append(h.continuation().className()).append(' ').append(h.continuation().args())
                .append("   entry: ").append(h.continuation().entryKind()).append('\n');
        out.append("captured: on ").append(h.capturedOn()).append(" at ").append(h.capturedAt())
                .append("   engine ").append(h.engineVersion()).append("   format ").append(SnapshotCodec.FORMAT_VERSION).append('\n');
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
        for (Raw r : objects) {
            String type = r.cls != null ? r.cls : switch (r.kind) {
                case "str" -> "java.lang.String";
                case "cls" -> "java.lang.Class";
                case "lambda" -> "(lambda) " + r.lambda.get("cap");
                default -> "(" + r.kind + ")";
            };
            long bytes = r.blob != null ? r.length : r.text != null ? 2L * r.text.length() : 8L * r.values.size();
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
            if (r.id() >= objects.size()) {
                return "#" + r.id() + " (missing)";
            }
            Raw raw = objects.get(r.id());
            return switch (raw.kind) {
                case "str" -> "\"" + (raw.text.length() > 60 ? raw.text.substring(0, 60) + "…" : raw.text) + "\"";
                case "val" -> raw.cls + " " + MovableTypes.describe(raw.cls, raw.text);
                case "enum" -> raw.cls + " " + raw.text;
                case "std" -> "System." + raw.text;
                case "wk" -> raw.text;
                case "cls" -> "class " + raw.text;
                case "arr" -> raw.cls + (raw.blob != null ? " (" + raw.length + " bytes)" : " [" + raw.values.size() + "]")
                        + " #" + r.id();
                case "lambda" -> "lambda of " + raw.lambda.get("cap") + " #" + r.id();
                default -> raw.cls + " #" + r.id();
            };
        }
        return String.valueOf(v);
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

    @Override
    public synchronized Continuation continuation(ClassLoader loader) {
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
                dev.ferry.runtime.heap.HashTables.rehash(java.util.Arrays.stream(built).filter(java.util.Objects::nonNull).toList());
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

    private void start(ClassLoader loader) {
        if (built == null) {
            built = new Object[objects.size()];
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

    private Object build(int id) {
        if (id >= objects.size()) {
            throw new SnapshotFormatException("object reference out of range: " + id + " of " + objects.size());
        }
        if (built[id] != null) {
            return built[id];
        }
        Raw raw = objects.get(id);
        Object o = switch (raw.kind) {
            case "str" -> raw.text;
            case "std" -> stream(raw.text);
            case "wk" -> {
                Object wk = MovableTypes.WELL_KNOWN.get(raw.text);
                if (wk == null) {
                    throw new SnapshotFormatException("unknown well-known object " + raw.text);
                }
                yield wk;
            }
            case "cls" -> load(raw.text);
            case "val" -> MovableTypes.fromText(raw.cls, raw.text);
            case "enum" -> enumConstant(raw);
            case "arr" -> array(raw, id);
            case "lambda" -> lambda(raw);
            case "rec" -> record(raw);
            case "obj" -> shell(raw, id);
            default -> throw new SnapshotFormatException("unknown object kind " + raw.kind);
        };
        if (built[id] == null) {
            built[id] = o;
        }
        return built[id];
    }

    private Object stream(String which) {
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
            return switch (name) {
                case "int" -> int.class;
                case "long" -> long.class;
                case "double" -> double.class;
                case "float" -> float.class;
                case "boolean" -> boolean.class;
                case "char" -> char.class;
                case "byte" -> byte.class;
                case "short" -> short.class;
                case "void" -> void.class;
                default -> Class.forName(name, false, target);
            };
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

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object enumConstant(Raw raw) {
        Class<?> c = load(raw.cls);
        if (!c.isEnum()) {
            throw new SnapshotFormatException(raw.cls + " is not an enum");
        }
        try {
            return Enum.valueOf((Class) c, raw.text);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("enum " + raw.cls + " has no constant " + raw.text, e);
        }
    }

    private Object array(Raw raw, int id) {
        Class<?> type = allowed(raw.cls);
        Class<?> component = type.getComponentType();
        if (component.isPrimitive()) {
            return fromBlob(component, raw.blob, raw.offset, raw.length);
        }
        Object array = Array.newInstance(component, raw.values.size());
        built[id] = array;
        unfilled.add(id);
        return array;
    }

    private Object lambda(Raw raw) {
        Object[] captured = resolveAll(raw.values);
        Map<String, Object> l = raw.lambda;
        SerializedLambda description = new SerializedLambda(load(((String) l.get("cap")).replace('/', '.')),
                (String) l.get("fi"), (String) l.get("fm"), (String) l.get("fs"), (Integer) l.get("ik"), (String) l.get("ic"),
                (String) l.get("im"), (String) l.get("is"), (String) l.get("it"), captured);
        try {
            return Lambdas.recreate(description, target, captured);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException(e.getMessage(), e);
        }
    }

    private Object record(Raw raw) {
        Class<?> c = allowed(raw.cls);
        if (!c.isRecord()) {
            throw new SnapshotFormatException(raw.cls + " is not a record");
        }
        RecordComponent[] components = c.getRecordComponents();
        if (components.length != raw.values.size()) {
            throw new SnapshotFormatException("record " + raw.cls + " has " + components.length + " components, the snapshot "
                    + raw.values.size());
        }
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < types.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            Constructor<?> canonical = c.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(resolveAll(raw.values));
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new SnapshotFormatException("cannot rebuild record " + raw.cls + ": " + e, e);
        }
    }

    private Object shell(Raw raw, int id) {
        Class<?> c = allowed(raw.cls);
        if (c.isArray() || c.isInterface() || c.isPrimitive() || c.isEnum() && !SnapshotWriter.isTaskClass(c) || c.isRecord()
                || java.lang.reflect.Modifier.isAbstract(c.getModifiers())) {
            throw new SnapshotFormatException("an object entry names " + raw.cls + ", which is not a class of plain objects");
        }
        if (SnapshotWriter.isTaskClass(c)) {
            try {
                Class.forName(c.getName(), true, target); // its <clinit> may build this very object as a static
            } catch (ClassNotFoundException e) {
                throw new SnapshotFormatException("class " + raw.cls + " vanished", e);
            }
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
        unfilled.add(id);
        return o;
    }

    private void drain() {
        while (!unfilled.isEmpty()) {
            int id = unfilled.poll();
            Raw raw = objects.get(id);
            Object o = built[id];
            if (raw.kind.equals("arr")) {
                Object[] array = (Object[]) o;
                for (int i = 0; i < array.length; i++) {
                    Object v = resolve(raw.values.get(i));
                    if (v != null && !array.getClass().getComponentType().isInstance(v)) {
                        throw new SnapshotFormatException("array " + raw.cls + " cannot hold a " + v.getClass().getName());
                    }
                    array[i] = v;
                }
            } else {
                fill(o, raw);
            }
        }
    }

    /** Per class layout (the shared names list), its fields resolved once and checked against the class. */
    private final Map<List<String>, Field[]> resolvedLayouts = new java.util.IdentityHashMap<>();

    private Field[] layout(Object o, Raw raw) {
        Field[] resolved = resolvedLayouts.get(raw.names);
        if (resolved != null) {
            return resolved;
        }
        resolved = new Field[raw.names.size()];
        for (int i = 0; i < resolved.length; i++) {
            String name = raw.names.get(i);
            int hash = name.indexOf('#');
            if (hash < 0) {
                throw new SnapshotFormatException("malformed field name " + name);
            }
            Class<?> declaring = load(name.substring(0, hash));
            if (!declaring.isInstance(o)) {
                throw new SnapshotFormatException(raw.cls + " has no field " + name);
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
                resolved[i] = f;
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
        resolvedLayouts.put(raw.names, resolved);
        return resolved;
    }

    private void fill(Object o, Raw raw) {
        Field[] layout = layout(o, raw);
        for (int i = 0; i < layout.length; i++) {
            String name = raw.names.get(i);
            try {
                Field f = layout[i];
                if (f == null) {
                    continue; // a JDK field this version does not have
                }
                f.set(o, resolve(raw.values.get(i)));
            } catch (IllegalAccessException | IllegalArgumentException e) {
                throw new SnapshotFormatException("cannot set " + name + ": " + e, e);
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
