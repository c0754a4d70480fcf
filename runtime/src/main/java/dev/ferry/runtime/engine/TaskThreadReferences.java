package dev.ferry.runtime.engine;

import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.continuation.FrameState;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a continuation that resumes in place (in the loader it was captured from, with its live
 * values) refer to the thread it resumes on wherever it referred to the captured task's thread: a
 * {@code ReentrantLock} the task held names its owner thread, and that thread has ended. A move
 * builds its values referring to the new thread from the start; in place, nothing is built, so
 * this walks what the task reaches (its frames, its classes' statics, its thread-local values)
 * and rewrites each field and array element that holds a task thread.
 *
 * <p>It cannot rewrite what reflection may not set: a record's or a lambda's field, a static final
 * field, a field of a JDK package that is not opened to Ferry (docs/limits.md).
 */
final class TaskThreadReferences {
    /** Values with no reference to a thread inside, or whose insides are not the task's (other threads, loaders). */
    private static final java.util.Set<Class<?>> OPAQUE = java.util.Set.of(String.class, Integer.class, Long.class,
            Short.class, Byte.class, Character.class, Boolean.class, Float.class, Double.class, Class.class,
            Object.class, java.math.BigInteger.class, java.math.BigDecimal.class);

    /** A class's instance reference fields, its superclasses' included, each made accessible. */
    private static final ClassValue<Field[]> REFERENCE_FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> cls) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = cls; c != null; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                        continue;
                    }
                    try {
                        f.setAccessible(true);
                        fields.add(f);
                    } catch (InaccessibleObjectException e) {
                        // A package not opened to Ferry: its objects are not walked (a documented limit).
                    }
                }
            }
            return fields.toArray(new Field[0]);
        }
    };

    private final Thread resumed;
    private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    private final Deque<Object> pending = new ArrayDeque<>();

    private TaskThreadReferences(Thread resumed) {
        this.resumed = resumed;
    }

    /**
     * {@code continuation} with its task threads replaced by {@code resumed}, in its frames and
     * thread-local values and in every object they and the statics of {@code loader}'s classes reach.
     */
    static Continuation rebind(Continuation continuation, TaskClassLoader loader, Thread resumed) {
        TaskThreadReferences walk = new TaskThreadReferences(resumed);
        List<FrameState> frames = new ArrayList<>();
        for (FrameState f : continuation.frames()) {
            frames.add(new FrameState(f.className(), f.methodName(), f.descriptor(), f.resumeIndex(),
                    walk.roots(f.locals()), walk.roots(f.stack())));
        }
        for (Class<?> cls : loader.initializedClasses()) {
            walk.statics(cls);
        }
        Map<String, Map<String, Object>> statics = new LinkedHashMap<>();
        continuation.statics().forEach((cls, fields) -> {
            Map<String, Object> values = new LinkedHashMap<>();
            fields.forEach((name, value) -> values.put(name, walk.root(value)));
            statics.put(cls, values);
        });
        List<Continuation.ThreadLocalValue> threadLocals = new ArrayList<>();
        for (Continuation.ThreadLocalValue v : continuation.threadLocals()) {
            threadLocals.add(new Continuation.ThreadLocalValue(walk.root(v.threadLocal()), walk.root(v.value())));
        }
        walk.drain();
        return new Continuation(continuation.className(), continuation.args(), continuation.entryKind(), frames,
                statics, continuation.fingerprints(), threadLocals);
    }

    private Object[] roots(Object[] values) {
        Object[] result = values.clone();
        for (int i = 0; i < result.length; i++) {
            result[i] = root(result[i]);
        }
        return result;
    }

    private Object root(Object value) {
        if (Tasks.isTaskThread(value)) {
            return resumed;
        }
        visit(value);
        return value;
    }

    private void statics(Class<?> cls) {
        for (Field f : cls.getDeclaredFields()) {
            int modifiers = f.getModifiers();
            if (!Modifier.isStatic(modifiers) || f.getType().isPrimitive()) {
                continue;
            }
            try {
                f.setAccessible(true);
                Object value = f.get(null);
                if (Tasks.isTaskThread(value) && !Modifier.isFinal(modifiers)) {
                    f.set(null, resumed);
                } else {
                    visit(value);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("static field " + cls.getName() + "." + f.getName()
                        + " of a task class could not be read: " + e, e);
            }
        }
    }

    private void visit(Object value) {
        if (value == null || value instanceof Thread || value instanceof ThreadGroup || value instanceof ClassLoader
                || OPAQUE.contains(value.getClass())) {
            return;
        }
        if (seen.put(value, Boolean.TRUE) == null) {
            pending.add(value);
        }
    }

    private void drain() {
        for (Object o = pending.poll(); o != null; o = pending.poll()) {
            Class<?> cls = o.getClass();
            if (o instanceof Object[] elements) {
                for (int i = 0; i < elements.length; i++) {
                    if (Tasks.isTaskThread(elements[i])) {
                        elements[i] = resumed;
                    } else {
                        visit(elements[i]);
                    }
                }
            } else if (!cls.isArray()) {
                fields(o, REFERENCE_FIELDS.get(cls));
            }
        }
    }

    private void fields(Object o, Field[] fields) {
        for (Field f : fields) {
            try {
                Object value = f.get(o);
                if (Tasks.isTaskThread(value)) {
                    f.set(o, resumed);
                } else {
                    visit(value);
                }
            } catch (IllegalAccessException e) {
                // A record's or a hidden class's final field: reflection reads it but may not set it.
                // The resumed task still sees the old thread there (docs/limits.md).
            }
        }
    }
}
