/** The one small JSON writer and reader the shell and the web console share (no library needed for this little). */
package dev.ferry.shell.json;
