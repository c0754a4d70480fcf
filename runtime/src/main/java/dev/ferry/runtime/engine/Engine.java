package dev.ferry.runtime.engine;

import dev.ferry.runtime.continuation.FrameState;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The entry points that rewritten task code calls. <strong>Internal:</strong> public only because
 * rewritten classes live in other class loaders; nothing but the rewriter should emit calls here.
 *
 * <h2>How a capture unwinds and a resume rewinds</h2>
 * Rewritten methods check a flag at every method entry and loop back-edge: an {@code invokedynamic}
 * of their class loader's {@link AttentionSite} (bootstrapped by {@link #attentionSite}), raised
 * while a task of that loader has a capture or kill request pending or is being restored. It costs
 * nothing in compiled code while lowered; see {@link AttentionSite} for why it is still seen at
 * once. (Class files too old for {@code invokedynamic} read the static flags {@link #attention}
 * and {@link #entryAttention} instead, raised while any task needs attention.) The slow paths
 * ({@link #enter}, {@link #poll}) ask whether <em>this</em> thread must act.
 * When a safepoint decides to capture (the stack check in {@link StackCheck} found every frame
 * capturable), the method saves its locals and operand stack with the {@code save*} methods, ends
 * the frame with {@link #endFrame} and throws {@link Unwind} ({@link #unwind}). Each caller catches
 * it at the call — an exception-table entry ahead of the task's own handlers — saves its live locals
 * the same way and throws it on, down to the task's base frame in {@link TaskThread}. Calls cost
 * nothing: the rewriter first moves values pending below a call's arguments into locals, so a
 * frame's whole state is in its locals when the exception arrives.
 *
 * <p>To resume, the base frame marks the task as restoring and calls the entry method again. Each
 * rewritten method's {@link #enter} hands it the resume index of its captured frame; the method
 * reloads its locals and operand stack (the {@code local*} and {@code stack*} methods), pushes the
 * callee's receiver ({@link #receiver}) and placeholder arguments, and jumps to the call, whose
 * callee restores itself the same way. The innermost frame jumps to its safepoint and runs on.
 */
public final class Engine {
    /**
     * Slow path needed at method entries and loop back-edges, for class files older than Java 7
     * (which cannot use {@code invokedynamic}; every other class asks its {@link AttentionSite}): a
     * request is pending or a restore runs, in any task. Volatile, so a compiled loop cannot hoist
     * the read and miss a request from another thread.
     */
    public static volatile boolean attention;
    /**
     * {@link #attention}'s twin, read at method entries. A plain read: method entries are reached
     * through calls, after which compiled code reloads it (the compiler cannot assume an unseen
     * callee left it alone), and every loop reads the volatile {@link #attention} at its back-edge,
     * so a request from another thread is seen at the latest at the next non-inlined call or loop
     * iteration; a restore is started by the task's own thread. A volatile read at every entry
     * costs call-heavy code (recursive fib) about 15% on JDK 17; this costs nothing measurable.
     */
    public static boolean entryAttention;

    /** {@link #enter} result: run the method from its start. */
    public static final int RUN = -1;
    /** {@link #enter} result: capture at the method-entry safepoint. */
    public static final int CAPTURE_HERE = -2;

    private static final Object LOCK = new Object();
    /** Tasks that need the attention slow path; guarded by LOCK. */
    private static final Set<TaskContext> ATTENTION = new HashSet<>();
    /**
     * The site of rewritten classes that no task class loader defined (a test loading them itself):
     * raised while any task needs attention, as the static flags are.
     */
    private static final AttentionSite OUTSIDE_TASKS = new AttentionSite();

    private Engine() {
    }

    static void refreshAttention(TaskContext context) {
        synchronized (LOCK) {
            boolean needs = context.needsAttention();
            boolean before = !ATTENTION.isEmpty();
            if (needs) {
                ATTENTION.add(context);
            } else {
                ATTENTION.remove(context);
            }
            boolean needed = !ATTENTION.isEmpty();
            entryAttention = needed; // before the volatile write: whoever sees attention sees this too
            attention = needed;
            boolean forRequest = context.killed || context.pending.get() != null;
            context.loader.attention().update(context, needs, forRequest);
            if (before != needed) {
                OUTSIDE_TASKS.update(ATTENTION, needed, forRequest);
            }
        }
    }

    /**
     * The bootstrap of the {@code invokedynamic} that the rewriter leaves where it moved a
     * {@code new X} to after the constructor's arguments: initializes {@code X} there, as the
     * {@code new} would have (its static initializer runs before the arguments are evaluated, as
     * the Java language has it); see {@link ClassInitializationSite}.
     */
    public static java.lang.invoke.CallSite initializeClass(java.lang.invoke.MethodHandles.Lookup caller, String name,
                                                            java.lang.invoke.MethodType type, Class<?> cls) {
        return new ClassInitializationSite(caller, cls, type);
    }

    /**
     * The bootstrap of the {@code invokedynamic} at every safepoint of rewritten code: the
     * {@link AttentionSite} of the caller's task class loader, a {@code ()boolean} call site.
     */
    public static java.lang.invoke.CallSite attentionSite(java.lang.invoke.MethodHandles.Lookup caller, String name,
                                                          java.lang.invoke.MethodType type) {
        if (type.returnType() != boolean.class || type.parameterCount() != 0) {
            throw new IllegalArgumentException("a safepoint's call site is ()Z, not " + type);
        }
        ClassLoader loader = caller.lookupClass().getClassLoader();
        return (loader instanceof TaskClassLoader task ? task.attention() : OUTSIDE_TASKS).site();
    }

    // ---------------------------------------------------------------- safepoints

    /**
     * Method-entry slow path.
     *
     * @return {@link #RUN}, {@link #CAPTURE_HERE}, or the resume index of the frame to restore
     */
    public static int enter(Class<?> owner, String methodKey) {
        TaskContext context = TaskContext.current();
        if (context == null) {
            return RUN;
        }
        if (context.isRestoring()) {
            return context.enterRestoring(owner, methodKey);
        }
        return context.pollForCapture() ? CAPTURE_HERE : RUN;
    }

    /** Back-edge slow path: whether to capture here. Throws {@link TaskKilled} if the task was killed. */
    public static boolean poll() {
        TaskContext context = TaskContext.current();
        return context != null && context.pollForCapture();
    }

    // ---------------------------------------------------------------- capture

    public static void beginFrame(int locals, int stack) {
        TaskContext.current().beginFrame(locals, stack);
    }

    public static void saveLocalI(int value, int slot) {
        TaskContext.current().saveLocal(slot, value);
    }

    public static void saveLocalJ(long value, int slot) {
        TaskContext.current().saveLocal(slot, value);
    }

    public static void saveLocalF(float value, int slot) {
        TaskContext.current().saveLocal(slot, value);
    }

    public static void saveLocalD(double value, int slot) {
        TaskContext.current().saveLocal(slot, value);
    }

    public static void saveLocalA(Object value, int slot) {
        TaskContext.current().saveLocal(slot, value);
    }

    public static void saveStackI(int value, int depth) {
        TaskContext.current().saveStack(depth, value);
    }

    public static void saveStackJ(long value, int depth) {
        TaskContext.current().saveStack(depth, value);
    }

    public static void saveStackF(float value, int depth) {
        TaskContext.current().saveStack(depth, value);
    }

    public static void saveStackD(double value, int depth) {
        TaskContext.current().saveStack(depth, value);
    }

    public static void saveStackA(Object value, int depth) {
        TaskContext.current().saveStack(depth, value);
    }

    public static void endFrame(int resumeIndex, Class<?> owner, String methodKey) {
        TaskContext.current().endFrame(owner, methodKey, resumeIndex);
    }

    /** What a frame that has saved itself throws, to go on unwinding into its caller. */
    public static Error unwind() {
        return Unwind.INSTANCE;
    }

    // ---------------------------------------------------------------- restore

    private static Object local(int slot) {
        return TaskContext.current().restoring.locals()[slot];
    }

    private static Object stack(int depth) {
        return TaskContext.current().restoring.stack()[depth];
    }

    public static int localI(int slot) {
        return (Integer) local(slot);
    }

    public static long localJ(int slot) {
        return (Long) local(slot);
    }

    public static float localF(int slot) {
        return (Float) local(slot);
    }

    public static double localD(int slot) {
        return (Double) local(slot);
    }

    public static Object localA(int slot) {
        return local(slot);
    }

    public static int stackI(int depth) {
        return (Integer) stack(depth);
    }

    public static long stackJ(int depth) {
        return (Long) stack(depth);
    }

    public static float stackF(int depth) {
        return (Float) stack(depth);
    }

    public static double stackD(int depth) {
        return (Double) stack(depth);
    }

    public static Object stackA(int depth) {
        return stack(depth);
    }

    /**
     * The receiver to re-invoke the next captured frame through a virtual or interface call whose
     * declared owner is {@code owner}: the frame's own {@code this} when it is one, otherwise (a
     * lambda body or method reference reached through a JDK-generated proxy, which is not part of
     * the snapshot) a bridge object implementing {@code owner} that calls the frame's method.
     */
    public static Object receiver(Class<?> owner) {
        TaskContext context = TaskContext.current();
        FrameState next = context.nextToRestore();
        Method method = findMethod(context, next);
        boolean isStatic = Modifier.isStatic(method.getModifiers());
        Object self = isStatic ? null : next.locals()[0];
        if (self != null && owner.isInstance(self)) {
            return self;
        }
        if (!owner.isInterface()) {
            throw new IllegalStateException("cannot resume " + next.methodId() + " through a call on " + owner.getName()
                    + ": its receiver was not captured");
        }
        return LambdaBridge.create(owner, method, self);
    }

    private static Method findMethod(TaskContext context, FrameState frame) {
        Class<?> cls;
        try {
            cls = Class.forName(frame.className(), false, context.loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("class of captured frame " + frame.methodId() + " not found", e);
        }
        for (Method m : cls.getDeclaredMethods()) {
            if (m.getName().equals(frame.methodName())
                    && java.lang.invoke.MethodType.methodType(m.getReturnType(), m.getParameterTypes())
                            .toMethodDescriptorString().equals(frame.descriptor())) {
                return m;
            }
        }
        throw new IllegalStateException("method of captured frame " + frame.methodId() + " not found");
    }

    // ---------------------------------------------------------------- statics

    /**
     * First thing in every task class's {@code <clinit>}: records the class as initialized and says
     * whether to install the captured statics (via {@link #staticValue}) instead of running the
     * original initializer.
     */
    public static boolean clinit(Class<?> cls) {
        return cls.getClassLoader() instanceof TaskClassLoader loader && loader.classInitializing(cls);
    }

    public static Object staticValue(Class<?> cls, String field) {
        return ((TaskClassLoader) cls.getClassLoader()).restoredStatic(cls, field);
    }

    // ---------------------------------------------------------------- intrinsics

    /**
     * Replaces {@code s.intern()} in task code: the same string, noted as interned so that a
     * snapshot brings it back interned on the JVM that reads it ({@link InternedStrings}).
     */
    public static String intern(String s) {
        return InternedStrings.intern(s);
    }

    /**
     * Replaces {@link System#exit(int)} in task code: ends the task (FINISHED, with {@code status})
     * instead of the JVM that hosts it — also when called on a thread the task started, which then
     * ends and takes the task with it. Outside any task it is {@code System.exit}.
     */
    public static void exit(int status) {
        if (TaskContext.current() == null) {
            RunningTask owner = TaskThreadGroup.taskOf(Thread.currentThread());
            if (owner == null) {
                System.exit(status);
            }
            owner.exitFromOtherThread(status);
        }
        throw new TaskExitRequest(status);
    }

    /**
     * Replaces {@link Thread#sleep(long)} in task code. A capture or kill requested during the sleep
     * takes effect at once; the remaining time is captured and slept after the resume.
     */
    public static void sleep(long millis) throws InterruptedException {
        TaskContext context = TaskContext.current();
        if (context == null) {
            Thread.sleep(millis);
            return;
        }
        long nanos;
        if (context.isRestoring() && context.nextToRestore().isSleep()) {
            nanos = (Long) context.advanceRestore(context.nextToRestore()).locals()[0];
        } else if (millis < 0) {
            throw new IllegalArgumentException("timeout value is negative");
        } else {
            nanos = TimeUnit.MILLISECONDS.toNanos(millis);
        }
        sleepNanos(context, nanos);
    }

    /** Replaces {@link Thread#sleep(long, int)} in task code; see {@link #sleep(long)}. */
    public static void sleep(long millis, int nanos) throws InterruptedException {
        if (nanos < 0 || nanos > 999_999) {
            throw new IllegalArgumentException("nanosecond timeout value out of range");
        }
        sleep(millis + (nanos > 0 && millis < Long.MAX_VALUE ? 1 : 0));
    }

    private static void sleepNanos(TaskContext context, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (context.sleepLock) {
            while (true) {
                boolean capture = context.pollForCapture(); // first: a kill beats the interrupt it sends
                long left = deadline - System.nanoTime();
                if (capture) {
                    context.addFrame(FrameState.sleeping(Math.max(left, 0)));
                    throw Unwind.INSTANCE;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("sleep interrupted");
                }
                if (left <= 0) {
                    return;
                }
                CaptureRequest request = context.pending.get();
                long wait = request == null ? left
                        : Math.min(left, Math.max(request.deadlineNanos() - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(1)));
                TimeUnit.NANOSECONDS.timedWait(context.sleepLock, wait);
            }
        }
    }
}
