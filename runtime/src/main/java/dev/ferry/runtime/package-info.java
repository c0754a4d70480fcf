/**
 * The small API that task code may use: {@link dev.ferry.runtime.Task}. Everything a task author
 * needs lives here; the engine and the snapshot model live in sub-packages.
 */
package dev.ferry.runtime;
