package dev.ferry.runtime.engine;

import dev.ferry.runtime.continuation.FrameState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's per-task state, reachable from the task thread as {@link TaskThread#context}.
 *
 * <p>Ownership: {@link #pending} and {@link #killed} are written by controller threads and read by
 * the task thread; {@link #lastBlocker} is written by the task thread and read by controllers.
 * Every other field belongs to the task thread alone and is touched only from rewritten code's
 * slow paths, which run on it.
 */
final class TaskContext {
    /** How often a blocked capture request re-walks the stack; walking costs microseconds. */
    private static final long STACK_CHECK_INTERVAL_NANOS = 200_000;

    final String name;
    final TaskClassLoader loader;
    final AtomicReference<CaptureRequest> pending = new AtomicReference<>();
    volatile boolean killed;
    /** Set (before {@link #killed}) when a thread the task started called {@code System.exit}; else null. */
    volatile Integer exitStatusFromOtherThread;
    /** Why the last stack check refused, for the timeout's message. */
    volatile String lastBlocker;
    /** Sleeping task threads wait on this; requests notify it. */
    final Object sleepLock = new Object();

    // ---- task thread only: capture ----
    boolean unwinding;
    /** Set while code that is no part of the task's stack runs on its thread (resume hooks). */
    boolean noCaptures;
    CaptureRequest claimed;
    /** Frames saved so far, innermost first. */
    final ArrayList<FrameState> captured = new ArrayList<>();
    private Object[] savingLocals;
    private Object[] savingStack;
    private long lastStackCheck;

    // ---- task thread only: restore ----
    private List<FrameState> restoreFrames = List.of();
    /** {@link #isRestoring()} for other threads to read. */
    private volatile boolean restoringFlag;
    private int restoreCursor;
    /** The frame whose values the restore block being run reads. */
    FrameState restoring;

    TaskContext(String name, TaskClassLoader loader) {
        this.name = name;
        this.loader = loader;
    }

    static TaskContext current() {
        return Thread.currentThread() instanceof TaskThread t ? t.context : null;
    }

    boolean isRestoring() {
        return restoreCursor < restoreFrames.size();
    }

    /** Whether rewritten code must take its slow paths for this task; read under the engine's lock. */
    boolean needsAttention() {
        return killed || pending.get() != null || restoringFlag;
    }

    /**
     * At a safepoint: throws if the task was killed; returns true if a capture was requested and
     * every frame on the stack can be captured here, in which case unwinding has begun.
     */
    boolean pollForCapture() {
        if (killed) {
            throw new TaskKilled(name);
        }
        CaptureRequest request = pending.get();
        if (request == null || isRestoring() || noCaptures) {
            return false;
        }
        long now = System.nanoTime();
        if (lastBlocker != null && now - lastStackCheck < STACK_CHECK_INTERVAL_NANOS) {
            return false;
        }
        lastStackCheck = now;
        String blocker = otherThreads();
        if (blocker == null) {
            blocker = commonPoolBusy();
        }
        if (blocker == null) {
            blocker = StackCheck.findBlocker();
        }
        if (blocker == null) {
            if (pending.compareAndSet(request, null)) {
                lastBlocker = null;
                beginUnwinding(request);
                Engine.refreshAttention(this);
                return true;
            }
            return false;
        }
        lastBlocker = blocker;
        if (now - request.deadlineNanos() > 0 && pending.compareAndSet(request, null)) {
            Engine.refreshAttention(this);
            request.result().completeExceptionally(new NotCapturableException(
                    "task " + name + " could not be captured before the deadline: " + blocker
                            + ". The task keeps running; retry when it has left that frame."));
        }
        return false;
    }

    /**
     * Ferry moves a task's own thread; threads the task started would be left behind, still
     * running. So while any is alive the task is not capturable, and the refusal names them.
     */
    private static String otherThreads() {
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        if (group == null || group.activeCount() <= 1) {
            return null;
        }
        Thread[] threads = new Thread[group.activeCount() + 4];
        int n = group.enumerate(threads, true);
        java.util.List<String> others = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (threads[i] != Thread.currentThread() && !isCommonPoolWorker(threads[i])) {
                others.add(threads[i].getName());
            }
        }
        return others.isEmpty() ? null : "the task runs other threads " + others
                + ", which a move would leave behind: Ferry moves tasks that run on one thread";
    }

    /**
     * The JVM's common pool is shared by every task, not started by one: its workers are not the
     * task's threads (they are built outside task groups, see {@link CommonPoolWorkers}, unless the
     * pool was running before Ferry could say so). But work the task handed to it and has not
     * joined would be left behind, so a capture waits while the pool is busy.
     */
    private static String commonPoolBusy() {
        return ForkJoinPool.commonPool().isQuiescent() ? null
                : "the JVM's common ForkJoinPool is running work (a parallel stream, an async future), which a move"
                        + " would leave behind: the capture waits until it is done";
    }

    private static boolean isCommonPoolWorker(Thread thread) {
        return thread instanceof ForkJoinWorkerThread w && w.getPool() == ForkJoinPool.commonPool();
    }

    private void beginUnwinding(CaptureRequest request) {
        unwinding = true;
        claimed = request;
        captured.clear();
    }

    void beginFrame(int locals, int stack) {
        savingLocals = new Object[locals];
        savingStack = new Object[stack];
    }

    void saveLocal(int slot, Object value) {
        savingLocals[slot] = value;
    }

    void saveStack(int depth, Object value) {
        savingStack[depth] = value;
    }

    void endFrame(Class<?> owner, String methodKey, int resumeIndex) {
        int paren = methodKey.indexOf('(');
        captured.add(new FrameState(owner.getName(), methodKey.substring(0, paren), methodKey.substring(paren),
                resumeIndex, savingLocals, savingStack));
        savingLocals = null;
        savingStack = null;
    }

    void addFrame(FrameState frame) {
        captured.add(frame);
    }

    /** Unwinding reached the base: hands back the frames, outermost first, and stops unwinding. */
    List<FrameState> endUnwinding() {
        List<FrameState> frames = new ArrayList<>(captured);
        java.util.Collections.reverse(frames);
        captured.clear();
        unwinding = false;
        return frames;
    }

    void beginRestore(List<FrameState> frames) {
        restoreFrames = List.copyOf(frames);
        restoreCursor = 0;
        restoringFlag = true;
        Engine.refreshAttention(this);
    }

    /** The frame the next rewritten method to enter must restore. */
    FrameState nextToRestore() {
        return restoreFrames.get(restoreCursor);
    }

    /**
     * A rewritten method was entered while restoring: it must be the next captured frame. Makes
     * that frame current and returns its resume index.
     */
    int enterRestoring(Class<?> owner, String methodKey) {
        FrameState next = nextToRestore();
        if (!next.className().equals(owner.getName()) || !methodKey.equals(next.methodName() + next.descriptor())) {
            throw new IllegalStateException("restoring task " + name + ": expected to enter " + next.methodId()
                    + " but entered " + owner.getName() + "." + methodKey);
        }
        ClassMeta meta = loader.meta(owner.getName());
        MethodMeta method = meta == null ? null : meta.methods().get(methodKey);
        int points = method == null ? 0 : method.capturableBcis().length;
        if (next.resumeIndex() < 0 || next.resumeIndex() >= points) {
            // The rewritten method would run from its start with the statics kept: a silent restart.
            throw new IllegalStateException("restoring task " + name + ": the frame of " + next.methodId()
                    + " resumes at point " + next.resumeIndex() + ", but that method has " + points
                    + " resume points here; it was captured from other code (another rewriting of the class)");
        }
        return advanceRestore(next).resumeIndex();
    }

    FrameState advanceRestore(FrameState next) {
        restoreCursor++;
        restoring = next;
        if (!isRestoring()) {
            restoreFrames = List.of();
            restoreCursor = 0;
            restoringFlag = false;
            Engine.refreshAttention(this);
        }
        return next;
    }
}
