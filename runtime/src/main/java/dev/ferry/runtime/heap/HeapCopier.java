package dev.ferry.runtime.heap;

import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.continuation.FrameState;
import dev.ferry.runtime.engine.Materializer;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deep-copies a continuation into another class loader: what moving a task to another JVM does,
 * without the bytes in between. Objects of task classes become objects of the same-named classes in
 * the target loader; identity, sharing and cycles are kept (an identity map); the walk is iterative,
 * so a linked chain of millions of nodes copies without deep recursion.
 *
 * <p>Immutable JDK values (strings, boxes, JDK enums, classes of the JDK, paths, URIs) are shared, not copied;
 * so are streams (they stand for the host's files and consoles, which a moved task gets rebound to)
 * and threads other than the task's own, which becomes the thread the copy resumes on. Lambdas (hidden classes) can only be shared, so they copy only within one loader.
 *
 * <p>Reading JDK objects' fields needs {@code --add-opens java.base/java.util=ALL-UNNAMED} (and
 * {@code java.lang}); the Ferry agent opens them itself.
 */
public final class HeapCopier implements Materializer {
    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Integer.class, Long.class, Short.class, Byte.class,
            Character.class, Boolean.class, Float.class, Double.class, Class.class, java.math.BigInteger.class,
            java.math.BigDecimal.class, Object.class);

    /** The continuation to copy; dropped once copied, so the old task's heap can be collected. */
    private Continuation source;
    private final Map<String, String> fingerprints;
    /** Originals to their copies; guarded by this. */
    private final IdentityHashMap<Object, Object> copies = new IdentityHashMap<>();
    /** Copies whose fields or elements are still to be filled in: {original, copy}. */
    private final Deque<Object[]> unfilled = new ArrayDeque<>();
    private ClassLoader target;
    /** The thread the copy resumes on: what referred to the captured task's thread refers to it. */
    private Thread taskThread;
    private final List<dev.ferry.runtime.Resumable> resumables = new ArrayList<>();

    @Override
    public synchronized List<dev.ferry.runtime.Resumable> resumables() {
        return List.copyOf(resumables);
    }

    /** Whether a copy operation is under way, so that nested calls (from a {@code <clinit>}) leave the draining to it. */
    private boolean busy;

    public HeapCopier(Continuation source) {
        this.source = source;
        this.fingerprints = source.fingerprints();
    }

    @Override
    public Map<String, String> fingerprints() {
        return fingerprints;
    }

    @Override
    public synchronized boolean hasStatics(String className) {
        return source != null && source.statics().containsKey(className);
    }

    @Override
    public synchronized Object staticValue(String className, String field, ClassLoader loader) {
        target = loader;
        if (source == null) {
            throw new IllegalStateException("static field " + className + "." + field + " asked for after the copy");
        }
        Map<String, Object> fields = source.statics().get(className);
        if (fields == null || !fields.containsKey(field)) {
            throw new IllegalStateException("no captured value for static field " + className + "." + field);
        }
        boolean outermost = !busy;
        busy = true;
        try {
            Object value = copy(fields.get(field));
            if (outermost) {
                drain(); // a class initialized after the resume: nothing else will fill its statics in
            }
            return value;
        } finally {
            if (outermost) {
                busy = false;
            }
        }
    }

    @Override
    public synchronized Continuation continuation(ClassLoader loader, Thread resumedOn) {
        target = loader;
        taskThread = java.util.Objects.requireNonNull(resumedOn, "resumedOn");
        busy = true;
        try {
            return copyContinuation();
        } finally {
            busy = false;
        }
    }

    private Continuation copyContinuation() {
        List<FrameState> frames = new ArrayList<>();
        for (FrameState f : source.frames()) {
            frames.add(new FrameState(f.className(), f.methodName(), f.descriptor(), f.resumeIndex(),
                    copyAll(f.locals()), copyAll(f.stack())));
        }
        // Initialize every class the task had initialized: each <clinit> takes its statics from here
        // (restore mode), so afterwards nothing refers to the old heap and it can be collected.
        for (String className : source.statics().keySet()) {
            try {
                Class.forName(className, true, target);
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("class " + className + " is not on the target class path", e);
            }
        }
        Map<String, Map<String, Object>> statics = new LinkedHashMap<>();
        source.statics().forEach((cls, fields) -> {
            Map<String, Object> copied = new LinkedHashMap<>();
            fields.forEach((name, value) -> copied.put(name, copy(value)));
            statics.put(cls, copied);
        });
        List<Continuation.ThreadLocalValue> threadLocals = new ArrayList<>();
        for (Continuation.ThreadLocalValue v : source.threadLocals()) {
            threadLocals.add(new Continuation.ThreadLocalValue(copy(v.threadLocal()), copy(v.value())));
        }
        drain();
        String iterating = HashTables.unmovableIteration(copies.keySet());
        if (iterating != null) {
            throw new IllegalArgumentException("cannot move the task now: " + iterating);
        }
        HashTables.rehash(copies.values());
        for (Object copy : copies.values()) {
            if (copy instanceof dev.ferry.runtime.Resumable r) {
                resumables.add(r);
            }
        }
        Continuation copied = new Continuation(source.className(), source.args(), source.entryKind(), frames, statics,
                fingerprints, threadLocals);
        source = null;
        copies.clear();
        return copied;
    }

    private Object[] copyAll(Object[] values) {
        Object[] result = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = copy(values[i]);
        }
        return result;
    }

    /** The copy of {@code o}: made now as a shell if need be, filled in by {@link #drain}. */
    private Object copy(Object o) {
        if (o == null) {
            return null;
        }
        Object done = copies.get(o);
        if (done != null) {
            return done;
        }
        Class<?> cls = o.getClass();
        if (cls == Class.class) {
            return mapClass((Class<?>) o);
        }
        if (dev.ferry.runtime.engine.Tasks.isTaskThread(o)) {
            return taskThread; // before the sharing of threads below: the task's own becomes the resumed one
        }
        if (isShared(cls) || WellKnownObjects.mayBe(cls) && WellKnownObjects.nameOf(o) != null) {
            return o;
        }
        if (Members.isMember(cls)) {
            Object member = Members.remap(o, this::mapClass);
            copies.put(o, member);
            return member;
        }
        if (Handles.isHandle(cls)) {
            Object handle = Handles.remap(o, target); // made again from what made it: a copy would be broken
            copies.put(o, handle);
            return handle;
        }
        if (cls == java.util.WeakHashMap.class) {
            // Its entries are references the JVM clears: a new map gets copies of what it holds now.
            java.util.WeakHashMap<Object, Object> map = new java.util.WeakHashMap<>();
            copies.put(o, map);
            weakMaps.add(new Object[] {o, map});
            return map;
        }
        if (isJvmInternal(cls)) {
            throw new IllegalArgumentException("cannot copy a " + cls.getName() + ": method handles, reflection's"
                    + " and the JVM's internal objects have fields the JVM fills in itself, which a copy would get wrong");
        }
        if (o instanceof Throwable t) {
            t.getStackTrace(); // fills in the trace, which otherwise lives in the JVM-internal backtrace
        }
        if (cls.isHidden()) {
            return copyLambda(o);
        }
        Class<?> mapped = mapClass(cls);
        if (mapped != cls) {
            initialize(mapped); // its <clinit> may copy o (via staticValue) as part of its statics
            done = copies.get(o);
            if (done != null) {
                return done;
            }
        }
        Object copy;
        if (cls.isArray()) {
            int length = Array.getLength(o);
            if (cls.getComponentType().isPrimitive()) {
                copy = primitiveClone(o);
                copies.put(o, copy);
                return copy;
            }
            copy = Array.newInstance(mapped.getComponentType(), length);
        } else if (cls.isEnum() || cls.getSuperclass() != null && cls.getSuperclass().isEnum()) {
            if (mapped == cls) {
                return o; // the same loader: the same constants
            }
            copy = Shells.allocate(mapped);
        } else if (cls.isRecord()) {
            copy = copyRecord(o, mapped);
            copies.put(o, copy);
            return copy;
        } else {
            copy = Shells.allocate(mapped);
        }
        copies.put(o, copy);
        unfilled.add(new Object[] {o, copy});
        return copy;
    }

    /** A lambda: re-created in the target loader from its description, with copies of what it captured. */
    private Object copyLambda(Object lambda) {
        if (!Lambdas.isLambda(lambda)) {
            throw new IllegalArgumentException("cannot copy an instance of hidden class " + lambda.getClass().getName());
        }
        java.lang.invoke.SerializedLambda description = Lambdas.describe(lambda);
        Object[] captured = new Object[description.getCapturedArgCount()];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = copy(description.getCapturedArg(i));
        }
        Object copy = Lambdas.recreate(description, target, captured);
        copies.put(lambda, copy);
        return copy;
    }

    /** WeakHashMaps copied as empty maps, and their originals: filled once their keys are (see {@link #drain}). */
    private final List<Object[]> weakMaps = new ArrayList<>();

    private void drain() {
        drainFields();
        while (!weakMaps.isEmpty()) {
            List<Object[]> maps = new ArrayList<>(weakMaps);
            weakMaps.clear();
            List<Object[]> pairs = new ArrayList<>();
            for (Object[] m : maps) {
                for (Map.Entry<?, ?> e : ((java.util.WeakHashMap<?, ?>) m[0]).entrySet()) {
                    pairs.add(new Object[] {m[1], copy(e.getKey()), copy(e.getValue())});
                }
            }
            drainFields(); // the keys' fields, which their hash codes read, before they go in
            for (Object[] p : pairs) {
                @SuppressWarnings("unchecked")
                Map<Object, Object> map = (Map<Object, Object>) p[0];
                map.put(p[1], p[2]);
            }
        }
    }

    private void drainFields() {
        while (!unfilled.isEmpty()) {
            Object[] pair = unfilled.poll();
            fill(pair[0], pair[1]);
        }
    }

    private void fill(Object original, Object copy) {
        Class<?> cls = original.getClass();
        if (cls.isArray()) {
            Object[] from = (Object[]) original;
            Object[] to = (Object[]) copy;
            for (int i = 0; i < from.length; i++) {
                to[i] = copy(from[i]);
            }
            return;
        }
        Class<?> toClass = copy.getClass();
        for (Class<?> c = cls, d = toClass; c != null; c = c.getSuperclass(), d = d.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!dev.ferry.runtime.engine.Tasks.fieldMoves(f)) {
                    continue; // as in a snapshot: what a move leaves behind, a copy leaves behind too
                }
                if (c == Throwable.class && f.getName().equals("backtrace")) {
                    continue; // JVM-internal, and its trace is in stackTrace now (see copy)
                }
                try {
                    f.setAccessible(true);
                    Field g = c == d ? f : d.getDeclaredField(f.getName());
                    g.setAccessible(true);
                    Object value = f.get(original);
                    if (dev.ferry.runtime.engine.Tasks.isTransientOfTaskClass(f) && value != null
                            && (dev.ferry.runtime.engine.Tasks.leftBehindInTransient(value) || isJvmInternal(value.getClass())
                                || Handles.isHandle(value.getClass()) && !Handles.travels(value))) {
                        continue; // as a snapshot leaves it
                    }
                    g.set(copy, f.getType().isPrimitive() ? value : copy(value));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalArgumentException("cannot copy field " + c.getName() + "." + f.getName() + ": " + e
                            + " (run with --add-opens " + c.getModule().getName() + "/" + c.getPackageName() + "=ALL-UNNAMED)", e);
                }
            }
        }
    }

    private Object copyRecord(Object record, Class<?> mapped) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = mapClass(components[i].getType());
                var accessor = components[i].getAccessor();
                accessor.setAccessible(true);
                Object v = accessor.invoke(record);
                values[i] = components[i].getType().isPrimitive() ? v : copy(v);
            }
            Constructor<?> canonical = mapped.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot copy record " + record.getClass().getName() + ": " + e, e);
        }
    }

    private static Object primitiveClone(Object array) {
        int length = Array.getLength(array);
        Object copy = Array.newInstance(array.getClass().getComponentType(), length);
        System.arraycopy(array, 0, copy, 0, length);
        return copy;
    }

    /**
     * JDK classes whose objects carry state the JVM injects and reflection cannot see (method
     * handles, call sites, reflection's own objects other than {@link Members}, class values): a
     * field-by-field copy would be a broken object, which the garbage collector trips over.
     */
    private static boolean isJvmInternal(Class<?> cls) {
        if (cls.getClassLoader() != null || cls.isArray() || Members.isMember(cls) || Handles.isHandle(cls)) {
            return false; // members and handles are looked up again by name
        }
        String name = cls.getName();
        return name.startsWith("java.lang.invoke.") || name.startsWith("java.lang.reflect.")
                || name.startsWith("jdk.internal.reflect.") || name.startsWith("sun.reflect.")
                || ClassValue.class.isAssignableFrom(cls);
    }

    private static boolean isJdkStream(Class<?> cls) {
        return (InputStream.class.isAssignableFrom(cls) || OutputStream.class.isAssignableFrom(cls)
                || Reader.class.isAssignableFrom(cls) || Writer.class.isAssignableFrom(cls))
                && !dev.ferry.runtime.engine.Tasks.isTaskClass(cls);
    }

    private static boolean isShared(Class<?> cls) {
        return IMMUTABLE.contains(cls) || cls.isEnum() && cls.getClassLoader() == null
                // the JDK's streams (open resources, shared by an in-JVM move); a task's own stream
                // class is copied like any of its objects, since the resumed code casts to its own class
                || isJdkStream(cls)
                || Thread.class.isAssignableFrom(cls) || ClassLoader.class.isAssignableFrom(cls)
                || cls.getName().startsWith("java.time.") || cls.getName().startsWith("java.nio.charset.")
                // immutable JDK values whose insides point at JVM-wide singletons (the file system)
                || java.nio.file.Path.class.isAssignableFrom(cls) || java.nio.file.FileSystem.class.isAssignableFrom(cls)
                || cls == java.net.URI.class || cls == java.util.UUID.class || cls == java.util.Locale.class
                || cls == java.util.regex.Pattern.class
                // a digest's insides reach its security provider, which is the JVM's (a move sends its algorithm)
                || java.security.MessageDigest.class.isAssignableFrom(cls)
                // the JVM's own: loggers (a move finds the one of the same name), the runtime
                || cls == java.util.logging.Logger.class || System.Logger.class.isAssignableFrom(cls) || cls == Runtime.class;
    }

    /** The class of the same name in the target loader, for classes of the source's task loader. */
    private Class<?> mapClass(Class<?> cls) {
        if (cls.isArray()) {
            Class<?> component = mapClass(cls.getComponentType());
            return component == cls.getComponentType() ? cls : component.arrayType();
        }
        if (cls.getClassLoader() == target || !dev.ferry.runtime.engine.Tasks.isTaskClass(cls)) {
            return cls;
        }
        try {
            return Class.forName(cls.getName(), false, target);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("class " + cls.getName() + " is not on the target class path", e);
        }
    }

    private void initialize(Class<?> cls) {
        try {
            Class.forName(cls.getName(), true, cls.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
