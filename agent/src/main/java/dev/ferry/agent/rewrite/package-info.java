/**
 * The ASM rewriting of task classes for capture and restore, shared by the {@code -javaagent} and
 * the Maven plugin. {@link dev.ferry.agent.rewrite.AsmClassRewriter} is the entry point; the
 * essay on what a rewritten method looks like is on {@link dev.ferry.agent.rewrite.MethodRewriter}.
 */
package dev.ferry.agent.rewrite;
