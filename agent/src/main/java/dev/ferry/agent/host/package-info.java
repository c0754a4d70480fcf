/**
 * The host daemon: the part of a Ferry host JVM that joins the coordinator, runs tasks it is told
 * to launch, forwards their output, and moves them to and from other hosts
 * ({@link dev.ferry.agent.host.OutboundMigration}, {@link dev.ferry.agent.host.InboundMigration}).
 * docs/protocol.md describes the conversation; docs/architecture.md the thread roles.
 * Nothing here decides where a task runs: the coordinator does, and grants each epoch once.
 */
package dev.ferry.agent.host;
