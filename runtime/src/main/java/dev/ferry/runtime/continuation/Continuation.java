package dev.ferry.runtime.continuation;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A captured task: everything needed to resume it, as plain data.
 *
 * @param className    the task's entry class
 * @param args         the task's launch arguments
 * @param entryKind    how the entry class is entered
 * @param frames       the captured stack, outermost (the entry method) first
 * @param statics      static field values of every initialized task class: class name to field name to value
 * @param fingerprints SHA-256 (hex) of the original bytes of every task class loaded, by class name
 * @param threadLocals the task thread's values of the task's {@code ThreadLocal}s (those its statics
 *                     or frames refer to), as pairs: thread-local, value
 */
public record Continuation(String className, List<String> args, EntryKind entryKind, List<FrameState> frames,
                           Map<String, Map<String, Object>> statics, Map<String, String> fingerprints,
                           List<ThreadLocalValue> threadLocals) {

    /** One {@code ThreadLocal}'s value on the task thread. */
    public record ThreadLocalValue(Object threadLocal, Object value) {
    }

    /** A continuation without thread-local values. */
    public Continuation(String className, List<String> args, EntryKind entryKind, List<FrameState> frames,
                        Map<String, Map<String, Object>> statics, Map<String, String> fingerprints) {
        this(className, args, entryKind, frames, statics, fingerprints, List.of());
    }

    public Continuation {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(entryKind, "entryKind");
        args = List.copyOf(args);
        frames = List.copyOf(frames);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a continuation needs at least one frame");
        }
        // Statics may hold nulls, which Map.copyOf refuses: keep the caller's maps, which the
        // engine builds fresh for every capture.
        statics = java.util.Collections.unmodifiableMap(Objects.requireNonNull(statics, "statics"));
        fingerprints = Map.copyOf(fingerprints);
        threadLocals = List.copyOf(threadLocals);
    }
}
