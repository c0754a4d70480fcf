package dev.ferry.runtime.engine;

import dev.ferry.runtime.continuation.Continuation;
import java.util.concurrent.CompletableFuture;

/**
 * A pending request to capture a task, made by a controller thread and claimed by the task thread
 * at a safepoint (or by the timeout, whichever takes it out of {@link TaskContext#pending} first).
 *
 * @param result        completed with the continuation, or with the reason the capture failed
 * @param deadlineNanos {@link System#nanoTime()} after which a still-blocked capture fails
 */
record CaptureRequest(CompletableFuture<Continuation> result, long deadlineNanos) {
}
