/** Two task classes with one simple name ({@code a.Twin}, {@code b.Twin}), for {@code TaskClassesTest}. */
package dev.ferry.shell.console.twins;
