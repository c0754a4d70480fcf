package dev.ferry.runtime.engine;

import dev.ferry.runtime.continuation.Continuation;
import java.util.Map;

/**
 * Builds a captured task's values inside the class loader it will resume in: a decoder reading a
 * snapshot, or a deep copy of a continuation from another loader.
 *
 * <p>Creating an object of a task class initializes that class, whose {@code <clinit>} then asks
 * for its captured statics — possibly while the object graph is still half built. So statics are
 * asked for one field at a time, at any moment during {@link #continuation}; an implementation
 * must be able to hand out a reference to an object whose fields it has not filled in yet.
 */
public interface Materializer {
    /**
     * The engine version the continuation was captured under (a snapshot's), or null when it was
     * captured in this JVM, by the engine that will resume it.
     */
    default String engineVersion() {
        return null;
    }

    /** SHA-256 of every task class the continuation was captured with, by class name. */
    Map<String, String> fingerprints();

    /** Whether the captured task had initialized {@code className} (so its statics were captured). */
    boolean hasStatics(String className);

    /** The captured value of a static field, built in {@code loader}. */
    Object staticValue(String className, String field, ClassLoader loader);

    /**
     * The continuation, with every value built in {@code loader}, and every reference to the
     * captured task's own thread ({@link Tasks#isTaskThread}) made a reference to
     * {@code taskThread}, the not yet started thread it will resume on: a lock the task held is
     * held by that thread, a field that remembers the task's thread remembers that one.
     */
    Continuation continuation(ClassLoader loader, Thread taskThread);

    /**
     * After {@link #continuation}: the objects built that implement {@link dev.ferry.runtime.Resumable},
     * in the order they were built, for the task thread to call before it runs on.
     */
    default java.util.List<dev.ferry.runtime.Resumable> resumables() {
        return java.util.List.of();
    }
}
