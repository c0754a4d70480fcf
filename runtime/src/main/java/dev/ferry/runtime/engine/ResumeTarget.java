package dev.ferry.runtime.engine;

import dev.ferry.runtime.continuation.Continuation;
import java.util.List;
import java.util.Map;

/**
 * A class loader made ready for a task that is about to arrive: created, its fingerprints checked
 * and the task's classes loaded (and rewritten) before the task is even captured on its source, so
 * that none of that work falls in the task's downtime. When the snapshot comes,
 * {@link #prepare(Materializer)} builds the task's values in it.
 *
 * <p>Obtain one from {@link Tasks#prepareTarget}; use it for one task, once.
 */
public final class ResumeTarget {
    private final TaskClassLoader loader;
    private final Deferred deferred;
    private final Tasks.Options options;

    ResumeTarget(TaskClassLoader loader, Deferred deferred, Tasks.Options options) {
        this.loader = loader;
        this.deferred = deferred;
        this.options = options;
    }

    /**
     * Builds the captured task's values in this loader; nothing runs until {@link PreparedResume#start()}.
     *
     * @throws IncompatibleEngineException if the snapshot was captured under another engine version
     * @throws FingerprintMismatchException if the snapshot was taken with classes other than these
     */
    public PreparedResume prepare(Materializer materializer) {
        if (deferred.delegate != null) {
            throw new IllegalStateException("this target was used already");
        }
        requireEngine(materializer, options);
        // Classes checked when the target was prepared need no second look; only ones the task loaded since.
        java.util.Set<String> unchecked = new java.util.HashSet<>();
        materializer.fingerprints().forEach((name, sha) -> {
            if (!sha.equals(deferred.fingerprints.get(name))) {
                unchecked.add(name);
            }
        });
        loader.requireFingerprints(unchecked, materializer.fingerprints());
        deferred.delegate = materializer; // before any task class initializes: their statics come from it
        // The thread first: the task's values that refer to its thread are built referring to this one.
        RunningTask task = Tasks.newTask(loader, options);
        TaskThread thread = task.thread();
        try {
            Continuation continuation = materializer.continuation(loader, thread);
            Class<?> entryClass = Tasks.loadEntryClass(loader, continuation.className());
            Tasks.plan(thread, entryClass, continuation, materializer.resumables());
        } catch (RuntimeException | Error e) {
            thread.discard();
            throw e;
        }
        return new PreparedResume(() -> {
            task.start(thread);
            return task;
        }, thread::discard);
    }

    /** Refuses a continuation captured under another engine version than {@code options}' rewriter's. */
    static void requireEngine(Materializer materializer, Tasks.Options options) {
        String captured = materializer.engineVersion();
        if (captured != null && !captured.equals(options.rewriter().engineVersion())) {
            throw new IncompatibleEngineException(captured, options.rewriter().engineVersion());
        }
    }

    /** Loads (without initializing) the classes the task is known to use, so they are rewritten now. */
    void preload() {
        for (String name : deferred.fingerprints.keySet()) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // Left for the resume, which reports it where it matters.
            }
        }
    }

    /** The materializer the loader is built with, before the snapshot that backs it has arrived. */
    static final class Deferred implements Materializer {
        final Map<String, String> fingerprints;
        volatile Materializer delegate;

        Deferred(Map<String, String> fingerprints) {
            this.fingerprints = Map.copyOf(fingerprints);
        }

        private Materializer delegate() {
            Materializer d = delegate;
            if (d == null) {
                throw new IllegalStateException("a task class initialized before its snapshot arrived");
            }
            return d;
        }

        @Override
        public Map<String, String> fingerprints() {
            return fingerprints;
        }

        @Override
        public boolean hasStatics(String className) {
            return delegate().hasStatics(className);
        }

        @Override
        public Object staticValue(String className, String field, ClassLoader loader) {
            return delegate().staticValue(className, field, loader);
        }

        @Override
        public Continuation continuation(ClassLoader loader, Thread taskThread) {
            return delegate().continuation(loader, taskThread);
        }

        @Override
        public List<dev.ferry.runtime.Resumable> resumables() {
            return delegate().resumables();
        }
    }
}
