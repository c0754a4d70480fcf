package dev.ferry.runtime.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MutableCallSite;
import java.util.HashSet;
import java.util.Set;

/**
 * The safepoint flag of one task class loader, as the call site that every method entry and loop
 * back-edge of its classes invokes ({@code invokedynamic}, bootstrapped by {@link Engine#attentionSite}).
 *
 * <h2>Why a call site, and why one per loader</h2>
 * Its target is a constant: {@code false} while no task running this loader's classes has a
 * capture or kill request pending or is being restored, {@code true} while one has. C2 (and C1)
 * fold a constant call site's target into the code they compile, with a dependency on it, so a
 * lowered safepoint costs nothing at all in compiled code — not even the load, and not the memory
 * barrier that C2 puts after a volatile load, which was most of a loop's overhead. Raising the flag
 * ({@link MutableCallSite#setTarget}) makes the JVM deoptimize, before {@code setTarget} returns,
 * every compiled method that folded the old target, including frames active on any thread; a
 * thread spinning in a compiled loop is deoptimized at its next JVM safepoint poll and goes on in
 * the interpreter, which reads the target at every invocation. So a request is seen as promptly as
 * with a volatile flag, and the JIT cannot hoist what it does not read: it either folded the
 * target (and is invalidated) or calls the target (and reads it anew).
 *
 * <p>Raising deoptimizes all the compiled code that depends on the site; one site per task class
 * loader confines that to the task being captured or killed (whose code a move throws away
 * anyway). Lowering deoptimizes only what was compiled while the site was raised, which is
 * normally nothing: a raise lasts from the request to the capture (the task runs interpreted
 * code meanwhile), or for the few frames of a restore.
 *
 * <p>Thread roles: {@link #update} is called under the engine's lock ({@link Engine#refreshAttention}),
 * which guards {@link #needing}; the call site itself is safe to read from any thread.
 */
final class AttentionSite {
    private static final MethodHandle RAISED = MethodHandles.constant(boolean.class, true);
    private static final MethodHandle LOWERED = MethodHandles.constant(boolean.class, false);

    private final MutableCallSite site = new MutableCallSite(LOWERED);
    /** Tasks using this site that need the slow paths; guarded by the engine's lock. */
    private final Set<Object> needing = new HashSet<>();

    MutableCallSite site() {
        return site;
    }

    /** Whether any task on this site needs attention (for tests and diagnostics). */
    boolean isRaised() {
        return site.getTarget() == RAISED;
    }

    /** Records whether {@code who} (a task) needs attention and raises or lowers the site to match. Under the engine's lock. */
    void update(Object who, boolean needs) {
        boolean before = !needing.isEmpty();
        if (needs) {
            needing.add(who);
        } else {
            needing.remove(who);
        }
        boolean after = !needing.isEmpty();
        if (before != after) {
            site.setTarget(after ? RAISED : LOWERED);
            // HotSpot has deoptimized the dependent code in setTarget already; this is what the API
            // asks for to make the new target visible to every thread, and costs nothing.
            MutableCallSite.syncAll(new MutableCallSite[] {site});
        }
    }
}
