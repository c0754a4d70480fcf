/**
 * What {@code ferry up} starts beside the coordinator: local host JVMs that stop with the shell,
 * whichever way it ends.
 */
package dev.ferry.shell.up;
