/**
 * What a class rewritten at build time carries: the {@link dev.ferry.runtime.classfile.InstrumentationMark},
 * a class attribute naming the engine version the class was rewritten for, the fingerprint of the
 * class as compiled, and the per-method capture metadata the task class loader would otherwise get
 * from the rewriter. Written by the rewriter (agent module, for the Maven plugin) and read by the
 * task class loader; both sides use this code, so the format has one definition. No bytecode
 * library lives here: the runtime reads and appends the attribute by walking the class file itself.
 */
package dev.ferry.runtime.classfile;
