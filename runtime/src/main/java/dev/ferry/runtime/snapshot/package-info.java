/**
 * Snapshots: a captured task as bytes another JVM can trust, read and resume. {@link
 * dev.ferry.runtime.snapshot.Snapshot} is the model, {@link dev.ferry.runtime.snapshot.SnapshotCodec}
 * turns it into a Chronicle Wire document (binary for transfer and storage, YAML for people) and
 * back. The format is in {@code docs/snapshot-format.md}.
 */
package dev.ferry.runtime.snapshot;
