package dev.ferry.runtime.engine;

import dev.ferry.runtime.continuation.Continuation;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * A task running in this JVM: capture it, kill it, wait for it.
 *
 * <p>Thread roles: any thread may call the methods; the state moves by compare-and-set along
 * {@link TaskState}'s transitions, so concurrent callers see one consistent lifecycle.
 */
public final class RunningTask {
    /** Fails capture requests whose task never reaches a safepoint (e.g. blocked reading a socket). */
    /** Also runs the engine's other timers ({@link AttentionSite}'s folding); each job is short. */
    static final ScheduledThreadPoolExecutor TIMEOUTS = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "ferry-capture-timeouts");
        t.setDaemon(true);
        return t;
    });

    static {
        // A timeout is cancelled as soon as its capture completes; it must then leave the queue, or
        // it would hold its task - and every value the task's frames held - until it was due.
        TIMEOUTS.setRemoveOnCancelPolicy(true);
    }

    private final TaskContext context;
    private final AtomicReference<TaskState> state = new AtomicReference<>(TaskState.NEW);
    private final CompletableFuture<TaskExit> exit = new CompletableFuture<>();
    private TaskThread thread;
    /** {@code System.nanoTime()} when the task's thread stopped running task code; 0 while it runs. */
    private volatile long stoppedNanos;

    RunningTask(TaskContext context) {
        this.context = context;
    }

    /** Gives the task its thread before it starts, so a resume can build values that refer to it. */
    void thread(TaskThread taskThread) {
        this.thread = taskThread;
    }

    TaskThread thread() {
        return thread;
    }

    void start(TaskThread taskThread) {
        this.thread = taskThread;
        moveTo(TaskState.NEW, TaskState.RUNNING);
        taskThread.start();
    }

    /** The task's name, unique within this JVM. */
    public String name() {
        return context.name;
    }

    /** The current state. */
    public TaskState state() {
        return state.get();
    }

    /** Completes when the task's thread ends: captured, finished, failed or killed. */
    public CompletableFuture<TaskExit> exit() {
        return exit;
    }

    /**
     * Asks the task to stop at its next safepoint where the whole stack can be captured. The future
     * completes with the continuation (the task's thread has then ended), or fails with
     * {@link NotCapturableException} if no such safepoint came within {@code maxWait} — in which case
     * the task runs on untouched.
     */
    public CompletableFuture<Continuation> requestCapture(Duration maxWait) {
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
        }
        CompletableFuture<Continuation> result = new CompletableFuture<>();
        if (!state.compareAndSet(TaskState.RUNNING, TaskState.CAPTURING)) {
            result.completeExceptionally(new IllegalStateException(
                    "task " + name() + " is " + state() + "; only a RUNNING task can be captured"));
            return result;
        }
        CaptureRequest request = new CaptureRequest(result, System.nanoTime() + maxWait.toNanos());
        result.whenComplete((continuation, failure) -> {
            if (failure != null) {
                state.compareAndSet(TaskState.CAPTURING, TaskState.RUNNING);
            }
        });
        context.pending.set(request);
        Engine.refreshAttention(context);
        wakeSleeper();
        ScheduledFuture<?> timeout = TIMEOUTS.schedule(() -> timeOut(request, maxWait), maxWait.toNanos(),
                TimeUnit.NANOSECONDS);
        result.whenComplete((continuation, failure) -> timeout.cancel(false));
        return result;
    }

    private void timeOut(CaptureRequest request, Duration maxWait) {
        if (!context.pending.compareAndSet(request, null)) {
            return;
        }
        Engine.refreshAttention(context);
        String blocker = context.lastBlocker;
        String where = blocker != null ? "the stack could not be captured: " + blocker
                : "it did not reach a safepoint (it is at " + topOfStack() + ")";
        request.result().completeExceptionally(new NotCapturableException("task " + name()
                + " was not captured within " + maxWait.toMillis() + " ms: " + where + ". It keeps running."));
    }

    private String topOfStack() {
        return Arrays.stream(thread.getStackTrace()).limit(3).map(StackTraceElement::toString)
                .collect(Collectors.joining(" <- "));
    }

    /**
     * Kills the task at its next safepoint (including inside a sleep in task code): it ends as
     * KILLED. A task blocked outside task code (I/O, {@code Object.wait}) is also interrupted.
     */
    public void kill() {
        if (state().isFinal()) {
            return;
        }
        context.killed = true;
        Engine.refreshAttention(context);
        wakeSleeper();
        thread.group.interrupt(); // the task's thread, and any it started
    }

    /**
     * {@code System.exit(status)} on a thread the task started: the task ends as it would had its
     * own thread called it — FINISHED with that status — by the kill path (which reaches it wherever it is).
     */
    void exitFromOtherThread(int status) {
        context.exitStatusFromOtherThread = status;
        kill();
    }

    private void wakeSleeper() {
        synchronized (context.sleepLock) {
            context.sleepLock.notifyAll();
        }
    }

    /**
     * {@code System.nanoTime()} when the task's thread stopped running the task (for a capture: its
     * last instruction before the move), or 0 while it runs.
     */
    public long stoppedNanos() {
        return stoppedNanos;
    }

    void exited(TaskExit how) {
        stoppedNanos = System.nanoTime();
        CaptureRequest pending = context.pending.getAndSet(null);
        if (pending != null) {
            pending.result().completeExceptionally(new NotCapturableException(
                    "task " + name() + " ended (" + how.state() + ") before it could be captured"));
        }
        context.killed = false;
        Engine.refreshAttention(context);
        TaskState from;
        do {
            from = state.get();
        } while (!state.compareAndSet(from, from.checkMoveTo(how.state())));
        exit.complete(how);
    }

    private void moveTo(TaskState from, TaskState to) {
        from.checkMoveTo(to);
        if (!state.compareAndSet(from, to)) {
            throw new IllegalStateException("task " + name() + " is " + state() + ", not " + from);
        }
    }

    TaskContext context() {
        return context;
    }

    /** The source line and local names at a captured frame's resume point, from the task's classes. */
    public dev.ferry.runtime.continuation.FrameDebug debugInfo(dev.ferry.runtime.continuation.FrameState frame) {
        ClassMeta meta = context.loader.meta(frame.className());
        MethodMeta method = meta == null ? null : meta.methods().get(frame.methodName() + frame.descriptor());
        if (method == null || frame.resumeIndex() >= method.debug().size()) {
            return dev.ferry.runtime.continuation.FrameDebug.NONE;
        }
        return method.debug().get(frame.resumeIndex());
    }

    /** Class name → SHA-256 of the original bytes, for every task class the task has loaded so far. */
    public java.util.Map<String, String> fingerprints() {
        return context.loader.fingerprints();
    }

    /** The class loader the task's classes live in (for resuming it in place). */
    TaskClassLoader loader() {
        return context.loader;
    }

    @Override
    public String toString() {
        return "task " + name() + " (" + state() + ")";
    }
}
