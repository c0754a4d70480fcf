/** Sample tasks: ordinary Java programs that Ferry can move while they run. */
package dev.ferry.samples;
