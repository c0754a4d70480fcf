/** Task classes the cluster tests launch on real hosts (beside the samples). */
package dev.ferry.shell.cluster.tasks;
