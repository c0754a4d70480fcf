package dev.ferry.runtime.engine;

import dev.ferry.runtime.Task;
import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.continuation.EntryKind;
import dev.ferry.runtime.continuation.FrameState;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The thread a task runs on, and its base frame: {@link #run} enters the task (or rewinds it from
 * captured frames) and, when the task unwinds for a capture, turns the frames into a
 * {@link Continuation}. The stack check stops its walk here.
 */
final class TaskThread extends Thread {
    final TaskContext context;
    /** The task's own thread group (kept: a terminated thread no longer reports its group). */
    final ThreadGroup group;
    private final RunningTask task;
    // What to run: set before start() (which publishes them to this thread), by the constructor or plan().
    private Class<?> entryClass;
    private EntryKind entryKind;
    private List<String> args;
    /** Frames to rewind before running; null for a fresh start. */
    private List<FrameState> resumeFrames;
    /** Objects to tell that they have moved, before rewinding. */
    private List<dev.ferry.runtime.Resumable> hooks = List.of();
    /** Thread-local values to set before rewinding. */
    private List<Continuation.ThreadLocalValue> resumeThreadLocals = List.of();
    /** The capture request this thread fulfilled; completed only once the task's state says CAPTURED. */
    private CaptureRequest fulfilled;

    /**
     * A thread for {@code task} with nothing to run yet: a resume makes it first, so that the
     * task's values can refer to it as they are built (a held lock's owner, a remembered thread),
     * then {@link #plan}s what it runs.
     */
    TaskThread(RunningTask task, TaskContext context, long stackSize) {
        // Its own thread group: threads the task starts land in it, so a capture can see them.
        super(new TaskThreadGroup(task, "ferry-task-" + context.name), null, "ferry-task-" + context.name, stackSize);
        setDaemon(true);
        this.group = getThreadGroup();
        setContextClassLoader(context.loader);
        this.task = task;
        this.context = context;
    }

    /** A thread that starts {@code entryClass} afresh. */
    TaskThread(RunningTask task, TaskContext context, Class<?> entryClass, EntryKind entryKind, List<String> args,
               long stackSize) {
        this(task, context, stackSize);
        plan(entryClass, entryKind, args, null, List.of(), List.of());
    }

    /** What this thread runs: the entry point, and the frames to rewind (null to start afresh). */
    void plan(Class<?> entryClass, EntryKind entryKind, List<String> args, List<FrameState> resumeFrames,
              List<Continuation.ThreadLocalValue> threadLocals, List<dev.ferry.runtime.Resumable> hooks) {
        if (getState() != State.NEW) {
            throw new IllegalStateException("task thread " + getName() + " was started already");
        }
        this.entryClass = entryClass;
        this.entryKind = entryKind;
        this.args = List.copyOf(args);
        this.resumeFrames = resumeFrames;
        this.resumeThreadLocals = threadLocals;
        this.hooks = List.copyOf(hooks);
    }

    /**
     * Lets go of a thread that will never start. Until JDK 19 a thread group keeps its unstarted
     * threads' groups, and this thread's group holds its task: without this, a resume given up
     * after the thread was made (a hand-off that aborted) would keep the task's heap forever.
     */
    @SuppressWarnings({"removal", "deprecation"})
    void discard() {
        if (getState() == State.NEW && !group.isDestroyed()) {
            try {
                group.destroy(); // only the unstarted thread is in it; JDK 19+ makes this a no-op
            } catch (IllegalThreadStateException e) {
                // Started after all, in a race: then it runs, and its group goes when it ends.
            }
        }
    }

    @Override
    public void run() {
        TaskExit exit;
        try {
            exit = runUntilExit();
        } catch (TaskKilled killed) {
            exit = killedExit();
        } catch (Throwable failure) {
            // A kill also interrupts: whatever that made the task throw, it was killed.
            exit = context.killed ? killedExit() : new TaskExit(TaskState.FAILED, failure, null, 0);
        } finally {
            context.unwinding = false;
        }
        task.exited(exit);
        if (fulfilled != null) {
            fulfilled.result().complete(exit.continuation());
        } else if (context.claimed != null && !context.claimed.result().isDone()) {
            // claimed, but the task ended some other way before the capture completed: say so
            context.claimed.result().completeExceptionally(new NotCapturableException(
                    "task " + context.name + " ended (" + exit.state() + ") while it was being captured"));
        }
    }

    /** KILLED — or FINISHED with its status, when the kill was a helper thread's {@code System.exit}. */
    private TaskExit killedExit() {
        Integer status = context.exitStatusFromOtherThread;
        return status == null ? new TaskExit(TaskState.KILLED, null, null, 0)
                : new TaskExit(TaskState.FINISHED, null, null, status);
    }

    private TaskExit runUntilExit() throws Throwable {
        while (true) {
            Object self = null;
            if (resumeFrames != null) {
                ThreadLocals.restore(resumeThreadLocals);
                context.noCaptures = true; // a hook's frames are no part of the task's stack
                try {
                    for (dev.ferry.runtime.Resumable hook : hooks) {
                        hook.resumed();
                    }
                } finally {
                    context.noCaptures = false;
                }
                hooks = List.of();
                context.beginRestore(resumeFrames);
                self = entryKind.hasReceiver() ? resumeFrames.get(0).locals()[0] : null;
                resumeFrames = null;
            }
            try {
                invokeEntry(self);
                return new TaskExit(TaskState.FINISHED, null, null, 0);
            } catch (TaskExitRequest exit) {
                return new TaskExit(TaskState.FINISHED, null, null, exit.status);
            } catch (Unwind unwind) {
                if (!context.unwinding) {
                    throw new IllegalStateException("task " + context.name + " unwound without a capture", unwind);
                }
            }
            CaptureRequest request = context.claimed;
            List<FrameState> frames = context.endUnwinding();
            Continuation continuation;
            try {
                Map<String, Map<String, Object>> statics = captureStatics();
                continuation = new Continuation(entryClass.getName(), args, entryKind, frames, statics,
                        context.loader.fingerprints(), ThreadLocals.capture(statics, frames));
            } catch (RuntimeException | LinkageError | ReflectiveOperationException e) {
                // The stack is already unwound: put it back and run on, as if the capture had never started.
                request.result().completeExceptionally(
                        new NotCapturableException("task " + context.name + " could not be captured: " + e));
                resumeFrames = frames;
                resumeThreadLocals = List.of(); // never left this thread
                continue;
            }
            fulfilled = request;
            return new TaskExit(TaskState.CAPTURED, null, continuation, 0);
        }
    }

    private void invokeEntry(Object resumedSelf) throws Throwable {
        switch (entryKind) {
            case MAIN -> {
                MethodHandle main = MethodHandles.lookup().unreflect(accessible(Tasks.mainMethod(entryClass, true)));
                main.invokeExact(args.toArray(new String[0]));
            }
            case MAIN_NO_ARGS -> {
                MethodHandle main = MethodHandles.lookup().unreflect(accessible(Tasks.mainMethod(entryClass, false)));
                main.invokeExact();
            }
            case INSTANCE_MAIN -> {
                MethodHandle main = MethodHandles.lookup().unreflect(accessible(Tasks.mainMethod(entryClass, true)))
                        .asType(MethodType.methodType(void.class, Object.class, String[].class));
                main.invokeExact(resumedSelf != null ? resumedSelf : newInstance(), args.toArray(new String[0]));
            }
            case INSTANCE_MAIN_NO_ARGS -> {
                MethodHandle main = MethodHandles.lookup().unreflect(accessible(Tasks.mainMethod(entryClass, false)))
                        .asType(MethodType.methodType(void.class, Object.class));
                main.invokeExact(resumedSelf != null ? resumedSelf : newInstance());
            }
            case TASK -> ((Task) (resumedSelf != null ? resumedSelf : newInstance())).run(args.toArray(new String[0]));
            case RUNNABLE -> ((Runnable) (resumedSelf != null ? resumedSelf : newInstance())).run();
        }
    }

    private static java.lang.reflect.Method accessible(java.lang.reflect.Method m) {
        m.setAccessible(true);
        return m;
    }

    private Object newInstance() throws Throwable {
        var constructor = entryClass.getDeclaredConstructor();
        constructor.setAccessible(true);
        MethodHandle handle = MethodHandles.lookup().unreflectConstructor(constructor);
        return handle.asType(MethodType.methodType(Object.class)).invokeExact();
    }

    /** A class's static fields, made accessible once: a capture reads them every time. */
    private static final ClassValue<Field[]> STATIC_FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> cls) {
            return java.util.Arrays.stream(cls.getDeclaredFields())
                    .filter(f -> Modifier.isStatic(f.getModifiers()))
                    .peek(f -> f.setAccessible(true))
                    .toArray(Field[]::new);
        }
    };

    /** The static fields of every task class initialized so far, by class name and field name. */
    private Map<String, Map<String, Object>> captureStatics() throws IllegalAccessException {
        Map<String, Map<String, Object>> statics = new LinkedHashMap<>();
        for (Class<?> cls : context.loader.initializedClasses()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Field field : STATIC_FIELDS.get(cls)) {
                fields.put(field.getName(), field.get(null));
            }
            statics.put(cls.getName(), fields);
        }
        return statics;
    }
}
