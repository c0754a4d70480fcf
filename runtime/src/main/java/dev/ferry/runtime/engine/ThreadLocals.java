package dev.ferry.runtime.engine;

import dev.ferry.runtime.continuation.Continuation.ThreadLocalValue;
import dev.ferry.runtime.continuation.FrameState;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task thread's {@code ThreadLocal} values, which belong to the task's state: captured for the
 * task's own thread-locals — those its static fields or frames refer to (the JDK keeps thread-locals
 * of its own on every thread, which must stay) — and set again on the thread that resumes it.
 */
final class ThreadLocals {
    private ThreadLocals() {
    }

    static List<ThreadLocalValue> capture(Map<String, Map<String, Object>> statics, List<FrameState> frames) {
        Set<Object> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        statics.values().forEach(fields -> fields.values().forEach(v -> addIfThreadLocal(owned, v)));
        for (FrameState f : frames) {
            for (Object v : f.locals()) {
                addIfThreadLocal(owned, v);
            }
        }
        if (owned.isEmpty()) {
            return List.of();
        }
        List<ThreadLocalValue> values = new ArrayList<>();
        try {
            Object map = field(Thread.class, "threadLocals").get(Thread.currentThread());
            if (map == null) {
                return List.of();
            }
            Object[] table = (Object[]) field(map.getClass(), "table").get(map);
            for (Object entry : table) {
                if (entry == null) {
                    continue;
                }
                Object key = ((Reference<?>) entry).get();
                if (key != null && owned.contains(key)) {
                    values.add(new ThreadLocalValue(key, field(entry.getClass(), "value").get(entry)));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read the task thread's thread-locals (is java.base/java.lang open"
                    + " to Ferry?): " + e, e);
        }
        return values;
    }

    private static void addIfThreadLocal(Set<Object> owned, Object v) {
        if (v instanceof ThreadLocal<?>) {
            owned.add(v);
        }
    }

    @SuppressWarnings("unchecked")
    static void restore(List<ThreadLocalValue> values) {
        for (ThreadLocalValue v : values) {
            ((ThreadLocal<Object>) v.threadLocal()).set(v.value());
        }
    }

    private static Field field(Class<?> c, String name) throws NoSuchFieldException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
