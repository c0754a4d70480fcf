/**
 * The captured state of a task as plain data: {@link dev.ferry.runtime.continuation.Continuation}
 * and its {@link dev.ferry.runtime.continuation.FrameState}s. Values are live Java objects (boxed
 * primitives, references into the task's heap); this package knows nothing of encodings — turning a
 * continuation into bytes belongs to the snapshot codec.
 */
package dev.ferry.runtime.continuation;
