package dev.ferry.runtime.engine;

import dev.ferry.runtime.Task;
import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.continuation.EntryKind;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts tasks and resumes captured ones in this JVM. Each task gets its own thread and its own
 * class loader over its class path, in which every class is rewritten for capture.
 */
public final class Tasks {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static volatile ClassRewriter installed;

    static {
        CommonPoolWorkers.install(); // before any task can hand the common pool work (and make its workers)
    }

    private Tasks() {
    }

    /** How to run a task. */
    public record Options(ClassRewriter rewriter, PrintStream out, PrintStream err, long stackSizeBytes) {
        public Options {
            Objects.requireNonNull(rewriter, "rewriter");
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(err, "err");
            if (stackSizeBytes < 0) {
                throw new IllegalArgumentException("stackSizeBytes must not be negative: " + stackSizeBytes);
            }
        }

        /**
         * The installed rewriter, this JVM's standard streams, and a 512 MiB task stack (reserved,
         * not committed: deep recursion is common in tasks and a resume rebuilds the whole stack).
         */
        public static Options defaults() {
            return new Options(installedRewriter(), System.out, System.err, 512L << 20);
        }

        public Options withOutput(PrintStream newOut, PrintStream newErr) {
            return new Options(rewriter, newOut, newErr, stackSizeBytes);
        }

        public Options withRewriter(ClassRewriter newRewriter) {
            return new Options(newRewriter, out, err, stackSizeBytes);
        }
    }

    /** Whether {@code c} is a task's class: defined, and rewritten, by a task's class loader. */
    public static boolean isTaskClass(Class<?> c) {
        return c.getClassLoader() instanceof TaskClassLoader;
    }

    /**
     * Whether a field's value moves with a task — through a snapshot and through a copy alike: every
     * field that is not static. Transient fields too: Ferry moves a running program, it does not
     * deserialize one, and code never expects a field it set to turn null under it (libraries keep
     * caches in transient fields that only their own {@code readObject} would rebuild). What a task
     * class's transient field holds that stands for the old JVM stays behind, at null
     * ({@link #leftBehindInTransient}), and {@link dev.ferry.runtime.Resumable} objects are told.
     */
    public static boolean fieldMoves(java.lang.reflect.Field f) {
        return !java.lang.reflect.Modifier.isStatic(f.getModifiers());
    }

    /** Whether {@code f} is a {@code transient} field declared by a task class. */
    public static boolean isTransientOfTaskClass(java.lang.reflect.Field f) {
        return java.lang.reflect.Modifier.isTransient(f.getModifiers()) && isTaskClass(f.getDeclaringClass());
    }

    /**
     * Whether a value of a task class's transient field is left behind, its field at null in the
     * moved task: a thread other than the task's own ({@link #isTaskThread}, which becomes the
     * resumed thread), or a class loader. A snapshot also leaves behind whatever cannot move to
     * another JVM (an open file, a socket), even deep inside the value; an in-JVM copy shares that.
     */
    public static boolean leftBehindInTransient(Object value) {
        return value instanceof Thread && !isTaskThread(value) || value instanceof ClassLoader;
    }

    /** Makes {@code rewriter} the default; the agent's premain calls this. */
    public static void installRewriter(ClassRewriter rewriter) {
        installed = Objects.requireNonNull(rewriter, "rewriter");
    }

    /** The rewriter installed by the agent, or found on the class path. */
    public static ClassRewriter installedRewriter() {
        ClassRewriter rewriter = installed;
        if (rewriter == null) {
            rewriter = ServiceLoader.load(ClassRewriter.class, Tasks.class.getClassLoader()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the Ferry agent is not installed: start the JVM with"
                            + " -javaagent:agent/target/ferry-agent.jar (or put it on the class path)"));
            installed = rewriter;
        }
        return rewriter;
    }

    /**
     * Starts {@code className} from {@code classPath} with {@code args}.
     *
     * @throws IllegalArgumentException if the class is missing or has no entry point
     */
    public static RunningTask start(List<Path> classPath, String className, List<String> args, Options options) {
        TaskClassLoader loader = newLoader(classPath, options, null);
        Class<?> entryClass = loadEntryClass(loader, className);
        EntryKind kind = entryKind(entryClass);
        RunningTask task = new RunningTask(new TaskContext(nextName(), loader));
        task.start(new TaskThread(task, contextOf(task), entryClass, kind, args, options.stackSizeBytes()));
        return task;
    }

    /**
     * Resumes a captured task in a fresh class loader over {@code classPath}, its values built
     * there by {@code materializer} (a snapshot decoder, or a deep copy).
     *
     * @throws FingerprintMismatchException if a class on the class path differs from the one
     *         captured; nothing has run then
     */
    public static RunningTask resume(List<Path> classPath, Options options, Materializer materializer) {
        return prepareResume(classPath, options, materializer).start();
    }

    /**
     * Everything {@link #resume} does except starting the task: the class loader, the fingerprint
     * check and the task's values built in it. A host prepares a task it receives before it may
     * run it, so that the hand-off's last step is only {@link PreparedResume#start()}.
     *
     * @throws IncompatibleEngineException if the snapshot was captured under another engine version
     * @throws FingerprintMismatchException if a class on the class path differs from the one captured
     */
    public static PreparedResume prepareResume(List<Path> classPath, Options options, Materializer materializer) {
        ResumeTarget.requireEngine(materializer, options); // before its classes are looked for
        return prepareTarget(classPath, options, materializer.fingerprints()).prepare(materializer);
    }

    /**
     * A class loader over {@code classPath} made ready for a task captured with these classes
     * (class name → SHA-256): fingerprints checked, classes loaded and rewritten. A host receiving a
     * task does this during the pre-flight, before the source stops the task.
     *
     * @throws FingerprintMismatchException if a class on the class path differs or is missing
     */
    public static ResumeTarget prepareTarget(List<Path> classPath, Options options, Map<String, String> fingerprints) {
        ResumeTarget.Deferred deferred = new ResumeTarget.Deferred(fingerprints);
        TaskClassLoader loader = newLoader(classPath, options, deferred);
        loader.requireFingerprints(fingerprints.keySet(), fingerprints);
        ResumeTarget target = new ResumeTarget(loader, deferred, options);
        target.preload();
        return target;
    }

    /**
     * Resumes a continuation in the class loader it was captured from, with its live values: for a
     * capture whose continuation could not be moved after all. What referred to the captured task's
     * thread (a lock it held, a field that remembers it) refers to the resumed thread then, as
     * after a move.
     */
    public static RunningTask resumeInPlace(RunningTask captured, Continuation continuation, Options options) {
        if (captured.state() != TaskState.CAPTURED) {
            throw new IllegalStateException("task " + captured.name() + " is " + captured.state() + ", not CAPTURED");
        }
        // Nothing moved: the task's transient fields are as it left them, so no resume hooks run.
        TaskClassLoader loader = captured.loader();
        Class<?> entryClass = loadEntryClass(loader, continuation.className());
        RunningTask task = newTask(loader, options);
        Continuation rebound = TaskThreadReferences.rebind(continuation, loader, task.thread());
        plan(task.thread(), entryClass, rebound, List.of());
        task.start(task.thread());
        return task;
    }

    /**
     * Whether {@code o} is a task's own thread, the one its entry point runs on: wherever the
     * task's values refer to it, they refer to the thread it resumes on after a move.
     */
    public static boolean isTaskThread(Object o) {
        return o instanceof TaskThread;
    }

    /** A task in {@code loader} whose thread is made but not planned, nor started. */
    static RunningTask newTask(TaskClassLoader loader, Options options) {
        RunningTask task = new RunningTask(new TaskContext(nextName(), loader));
        task.thread(new TaskThread(task, contextOf(task), options.stackSizeBytes()));
        return task;
    }

    /** Plans {@code thread} to rewind {@code continuation}. */
    static void plan(TaskThread thread, Class<?> entryClass, Continuation continuation,
                     List<dev.ferry.runtime.Resumable> hooks) {
        thread.plan(entryClass, continuation.entryKind(), continuation.args(), continuation.frames(),
                continuation.threadLocals(), hooks);
    }

    private static TaskContext contextOf(RunningTask task) {
        return task.context();
    }

    private static String nextName() {
        return String.valueOf(NAMES.incrementAndGet());
    }

    private static TaskClassLoader newLoader(List<Path> classPath, Options options, Materializer resumed) {
        URL[] urls = classPath.stream().map(Tasks::toUrl).toArray(URL[]::new);
        return new TaskClassLoader(urls, Tasks.class.getClassLoader(), options.rewriter(), options.out(), options.err(),
                resumed);
    }

    private static URL toUrl(Path path) {
        try {
            return path.toAbsolutePath().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a usable class path entry: " + path, e);
        }
    }

    static Class<?> loadEntryClass(TaskClassLoader loader, String className) {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("task class " + className + " is not on the task class path "
                    + java.util.Arrays.toString(loader.getURLs()) + "; check the class name and --cp", e);
        }
    }

    /**
     * How {@code cls} is entered as a task: its main method as the {@code java} launcher of JDK 25
     * picks it, else as a {@code Task}, else as a {@code Runnable}.
     *
     * @throws IllegalArgumentException if it has no entry point, saying what it needs
     */
    public static EntryKind entryKind(Class<?> cls) {
        Method main = mainMethod(cls, true);
        if (main == null) {
            main = mainMethod(cls, false);
        }
        if (main != null) {
            boolean isStatic = Modifier.isStatic(main.getModifiers());
            if (main.getParameterCount() == 1) {
                return isStatic ? EntryKind.MAIN : EntryKind.INSTANCE_MAIN;
            }
            return isStatic ? EntryKind.MAIN_NO_ARGS : EntryKind.INSTANCE_MAIN_NO_ARGS;
        }
        if (Task.class.isAssignableFrom(cls)) {
            return EntryKind.TASK;
        }
        if (Runnable.class.isAssignableFrom(cls)) {
            return EntryKind.RUNNABLE;
        }
        throw new IllegalArgumentException("task class " + cls.getName() + " has no entry point: give it a"
                + " main method — public static void main(String[]), or any main that is not private, static or not,"
                + " with String[] or without, as JDK 25's launcher accepts — or implement dev.ferry.runtime.Task or Runnable");
    }

    /**
     * The main method the {@code java} launcher would pick (JEP 512): declared in the class or
     * inherited, not private, {@code void}, taking {@code String[]} (or nothing, when
     * {@code withArgs} is false); null if there is none.
     */
    static Method mainMethod(Class<?> cls, boolean withArgs) {
        Class<?>[] parameters = withArgs ? new Class<?>[] {String[].class} : new Class<?>[0];
        for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod("main", parameters);
                if (!Modifier.isPrivate(m.getModifiers()) && m.getReturnType() == void.class) {
                    return m;
                }
            } catch (NoSuchMethodException e) {
                // not declared here: look in the superclass
            }
        }
        try {
            Method m = cls.getMethod("main", parameters); // a default method of an interface
            return m.getReturnType() == void.class ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
