/**
 * Sample tasks: ordinary Java programs, with no Ferry API, that Ferry moves while they run. They
 * are built with the Ferry Maven plugin, so their class files are rewritten (and marked) at build
 * time; each prints the same bytes whether it is moved or not. samples/README.md lists them.
 */
package dev.ferry.samples;
