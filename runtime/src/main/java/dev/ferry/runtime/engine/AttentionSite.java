package dev.ferry.runtime.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MutableCallSite;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The safepoint flag of one task class loader, as the call site that every method entry and loop
 * back-edge of its classes invokes ({@code invokedynamic}, bootstrapped by {@link Engine#attentionSite}).
 *
 * <h2>Why a call site, and why one per loader</h2>
 * While no task running this loader's classes has a capture or kill request pending or is being
 * restored, the site's target is the constant {@code false}. C2 and C1 fold a call site's target
 * into the code they compile, with a dependency on it, so a lowered safepoint costs nothing in
 * compiled code — not even the load, nor the memory barrier C2 puts after a volatile load, which was
 * most of a loop's overhead. Raising the site ({@link MutableCallSite#setTarget}) makes the JVM
 * deoptimize, before {@code setTarget} returns, every compiled method that folded the old target,
 * including frames active on any thread: a thread spinning in a compiled loop is deoptimized at its
 * next JVM safepoint poll and goes on in the interpreter, which calls the target at every
 * invocation. So a request is seen as promptly as with a volatile flag, and the JIT cannot hoist
 * what it does not read: it either folded the target (and is invalidated) or calls it (and reads
 * it anew). One site per task class loader confines the deoptimization to the task being captured
 * or killed, whose code a move throws away anyway.
 *
 * <h2>Three targets</h2>
 * <ul>
 *   <li>{@code LOWERED}, the constant {@code false}: the steady state.</li>
 *   <li>{@code RAISED}, the constant {@code true}: a raise from {@code LOWERED}. Lowering it again
 *       deoptimizes only what was compiled while it was raised, normally nothing (a raise lasts from
 *       the request to the capture, the task running interpreted code meanwhile, or the few frames
 *       of a restore). A task moved once, or restored in a new loader, pays one deoptimization.</li>
 *   <li>{@code WATCHED}, a volatile read of {@link #flag}: for bursts. A task captured and resumed
 *       in place again and again ({@code ferry run --hop-every}, repeated inspection) would have all
 *       its code deoptimized by each capture and recompiled after each resume — the JIT's threads
 *       then compete with the task for the cores, and the capture latency's tail grows. When a
 *       second request comes within {@link #QUIET_NANOS} of the previous one, the site is lowered to
 *       {@code WATCHED} instead: later requests just write the flag, as the static volatile flag of
 *       earlier engines did (and cost what it cost, about a fifth of a tight loop). After
 *       {@link #QUIET_NANOS} with no request, the site is folded back to {@code LOWERED} (one
 *       deoptimization, at a quiet moment).</li>
 * </ul>
 * In every state, the target returns {@code true} while {@link #needing} is not empty; only which
 * code it costs differs.
 *
 * <p>Thread roles: all state is guarded by this object's monitor (taken inside the engine's lock
 * when called from {@link Engine#refreshAttention}, alone by the folding timer); the call site
 * itself is read by any thread.
 */
final class AttentionSite {
    /** How long after its last request a watched site is folded back to the constant {@code false}. */
    static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final MethodHandle LOWERED = MethodHandles.constant(boolean.class, false);
    private static final MethodHandle RAISED = MethodHandles.constant(boolean.class, true);
    private static final MethodHandle READ_FLAG;

    static {
        try {
            READ_FLAG = MethodHandles.lookup().findGetter(AttentionSite.class, "flag", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private enum Mode { LOWERED, RAISED, WATCHED }

    private final MutableCallSite site = new MutableCallSite(LOWERED);
    private final MethodHandle watched = READ_FLAG.bindTo(this);
    private final LongSupplier ticker;
    /** What {@code WATCHED} reads: whether {@link #needing} is not empty. */
    private volatile boolean flag;

    // ---- guarded by this ----
    private final Set<Object> needing = new HashSet<>();
    private Mode mode = Mode.LOWERED;
    /** Ticker time of the last raise for a request (not a restore); 0 before the first. */
    private long lastRequestNanos;
    /** Whether the current raise came within {@link #QUIET_NANOS} of the request before it. */
    private boolean burst;
    private boolean foldScheduled;

    AttentionSite() {
        this(System::nanoTime);
    }

    AttentionSite(LongSupplier ticker) {
        this.ticker = ticker;
    }

    MutableCallSite site() {
        return site;
    }

    /** What the site's safepoints answer now. */
    boolean answer() {
        try {
            return (boolean) site.dynamicInvoker().invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the site is folded to the constant {@code false} (for tests). */
    synchronized boolean isFolded() {
        return mode == Mode.LOWERED;
    }

    /**
     * Records whether {@code who} (a task) needs attention, {@code forRequest} if because of a
     * capture or kill request, and raises or lowers the site to match.
     */
    synchronized void update(Object who, boolean needs, boolean forRequest) {
        boolean before = !needing.isEmpty();
        if (needs) {
            needing.add(who);
        } else {
            needing.remove(who);
        }
        boolean after = !needing.isEmpty();
        if (after && !before) {
            raise(forRequest);
        } else if (before && !after) {
            lower();
        }
    }

    private void raise(boolean forRequest) {
        long now = ticker.getAsLong();
        if (forRequest) {
            burst = lastRequestNanos != 0 && now - lastRequestNanos < QUIET_NANOS;
            lastRequestNanos = now;
        }
        flag = true; // first: WATCHED code reads it
        if (mode == Mode.LOWERED) {
            retarget(Mode.RAISED);
        }
    }

    private void lower() {
        flag = false;
        if (mode == Mode.RAISED) {
            retarget(burst ? Mode.WATCHED : Mode.LOWERED);
        }
        if (mode == Mode.WATCHED && !foldScheduled) {
            scheduleFold(QUIET_NANOS);
        }
    }

    private void scheduleFold(long delayNanos) {
        foldScheduled = true;
        RunningTask.TIMEOUTS.schedule(this::foldIfQuiet, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Folds a watched site back to the constant {@code false} once no request came for {@link #QUIET_NANOS}. */
    synchronized void foldIfQuiet() {
        foldScheduled = false;
        if (mode != Mode.WATCHED) {
            return;
        }
        long quietFor = ticker.getAsLong() - lastRequestNanos;
        if (!needing.isEmpty() || quietFor < QUIET_NANOS) {
            scheduleFold(Math.max(QUIET_NANOS - quietFor, TimeUnit.MILLISECONDS.toNanos(10)));
            return;
        }
        burst = false;
        retarget(Mode.LOWERED);
    }

    private void retarget(Mode to) {
        mode = to;
        site.setTarget(switch (to) {
            case LOWERED -> LOWERED;
            case RAISED -> RAISED;
            case WATCHED -> watched;
        });
        // HotSpot has deoptimized the dependent code in setTarget already; syncAll is what the API
        // asks for to make the new target visible to every thread, and costs nothing.
        MutableCallSite.syncAll(new MutableCallSite[] {site});
    }
}
