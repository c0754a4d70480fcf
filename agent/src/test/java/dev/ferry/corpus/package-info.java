/**
 * The engine's test corpus: small programs, each exercising a language construct or a hard case
 * for capture and resume. Each prints a deterministic transcript; {@code CorpusTest} checks that a
 * run captured and resumed several times prints exactly what an uninterrupted run prints. The
 * expectation for each program is in its class comment.
 */
package dev.ferry.corpus;
