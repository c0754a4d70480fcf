/**
 * The console that drives the coordinator: commands ({@code Shell}), a JLine prompt with
 * completion, history and events above the typed line ({@code InteractiveConsole}), and scripted
 * use from a file or a pipe ({@code ScriptConsole}). It only talks to the cluster through
 * {@link dev.ferry.shell.coordinator.Coordinator}'s API; it keeps no cluster state of its own.
 */
package dev.ferry.shell.console;
