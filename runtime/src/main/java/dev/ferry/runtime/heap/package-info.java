/**
 * Walking a task's heap: {@link dev.ferry.runtime.heap.HeapCopier} deep-copies a continuation into
 * another class loader, with identity, sharing and cycles preserved.
 */
package dev.ferry.runtime.heap;
