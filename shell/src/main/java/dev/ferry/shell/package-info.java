/**
 * The {@code ferry-shell.jar} entry point: {@code ferry up}, {@code ferry shell} and
 * {@code ferry coordinator} ({@link dev.ferry.shell.FerryShell}). The coordinator lives in
 * {@code coordinator}, the console in {@code console}, the host JVMs {@code ferry up} starts in
 * {@code up}; nothing here but reading the command line and wiring them together.
 */
package dev.ferry.shell;
