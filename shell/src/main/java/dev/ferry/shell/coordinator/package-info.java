/**
 * The coordinator: the cluster's single source of truth about hosts (ALIVE, SUSPECT, DEAD) and
 * tasks (where each runs, at which epoch). Hosts join it; the shell, the web console and tests
 * drive it through {@link dev.ferry.shell.coordinator.Coordinator}'s small API and listen to its
 * {@link dev.ferry.shell.coordinator.ClusterEvent}s. It never touches a task itself: it tells hosts
 * what to do, and grants each epoch of a task to one host only, which is what makes a move
 * exactly-once. All its state lives on one thread (see {@code Coordinator}).
 */
package dev.ferry.shell.coordinator;
