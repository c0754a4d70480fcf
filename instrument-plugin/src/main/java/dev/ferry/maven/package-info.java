/**
 * The Ferry Maven plugin ({@code dev.ferry:ferry-maven-plugin}): goal {@code instrument} rewrites a
 * project's compiled classes with the agent's own rewriter
 * ({@link dev.ferry.agent.rewrite.AsmClassRewriter#instrument}), so that task class loaders define
 * them as they are. {@link dev.ferry.maven.InstrumentMojo} is the Maven face and holds no logic;
 * {@link dev.ferry.maven.Instrumenter} does the work (which classes, incremental, errors) and knows
 * nothing of Maven, so it is tested without a build. Nothing here rewrites bytecode itself: there is
 * one transformer, in the agent module. Usage: {@code docs/instrument-plugin.md}.
 */
package dev.ferry.maven;
