/**
 * The continuation engine: launching tasks on their own threads and class loaders, safepoints,
 * capture (unwinding a task's stack into {@link dev.ferry.runtime.continuation.FrameState}s) and
 * resume (rebuilding the stack from them).
 *
 * <p>Public API: {@link dev.ferry.runtime.engine.Tasks}, {@link dev.ferry.runtime.engine.RunningTask},
 * {@link dev.ferry.runtime.engine.TaskState}, the exceptions, and the {@link
 * dev.ferry.runtime.engine.ClassRewriter} SPI that the agent implements. Classes rewritten at build
 * time carry a {@link dev.ferry.runtime.classfile.InstrumentationMark} and are defined as they are.
 * {@link dev.ferry.runtime.engine.Engine} and {@link dev.ferry.runtime.engine.TaskIO} are public only
 * because rewritten task classes, defined in other class loaders, call them; nothing else should.
 * Every other class here is package-private.
 */
package dev.ferry.runtime.engine;
