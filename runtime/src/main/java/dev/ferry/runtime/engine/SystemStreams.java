package dev.ferry.runtime.engine;

import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code System.out} and {@code System.err} of a JVM that runs tasks: what is printed on a task's
 * thread goes to that task's stream, whoever prints it; other threads print where they always did.
 *
 * <p>Why: the rewriter points task code's own {@code System.out}/{@code err} at the task's streams,
 * but JDK code reads the fields itself — {@code e.printStackTrace()}, a logging
 * {@code ConsoleHandler}, {@code Thread.dumpStack()} — and what it printed went to the host's
 * console instead of the task's log, where nobody following the task would see it.
 */
public final class SystemStreams {
    private static boolean installed;

    private SystemStreams() {
    }

    /** Replaces {@code System.out} and {@code System.err} with task-routing streams (once). */
    public static synchronized void routeToTasks() {
        if (installed) {
            return;
        }
        installed = true;
        System.setOut(new Routed(System.out, false));
        System.setErr(new Routed(System.err, true));
    }

    /** A print stream that hands each call to the current thread's task's stream, or to the host's. */
    private static final class Routed extends PrintStream {
        private final PrintStream host;
        private final boolean err;

        Routed(PrintStream host, boolean err) {
            super(host, true);
            this.host = host;
            this.err = err;
        }

        private PrintStream target() {
            RunningTask task = TaskThreadGroup.taskOf(Thread.currentThread());
            if (task == null) {
                return host;
            }
            PrintStream s = err ? task.loader().err() : task.loader().out();
            return s == null || s == this ? host : s; // a task given System.out itself prints there
        }

        @Override
        public void write(int b) {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            target().write(b, off, len);
        }

        @Override
        public void flush() {
            target().flush();
        }

        @Override
        public boolean checkError() {
            return target().checkError();
        }

        @Override
        public void print(boolean b) {
            target().print(b);
        }

        @Override
        public void print(char c) {
            target().print(c);
        }

        @Override
        public void print(int i) {
            target().print(i);
        }

        @Override
        public void print(long l) {
            target().print(l);
        }

        @Override
        public void print(float f) {
            target().print(f);
        }

        @Override
        public void print(double d) {
            target().print(d);
        }

        @Override
        public void print(char[] s) {
            target().print(s);
        }

        @Override
        public void print(String s) {
            target().print(s);
        }

        @Override
        public void print(Object obj) {
            target().print(obj);
        }

        @Override
        public void println() {
            target().println();
        }

        @Override
        public void println(boolean x) {
            target().println(x);
        }

        @Override
        public void println(char x) {
            target().println(x);
        }

        @Override
        public void println(int x) {
            target().println(x);
        }

        @Override
        public void println(long x) {
            target().println(x);
        }

        @Override
        public void println(float x) {
            target().println(x);
        }

        @Override
        public void println(double x) {
            target().println(x);
        }

        @Override
        public void println(char[] x) {
            target().println(x);
        }

        @Override
        public void println(String x) {
            target().println(x);
        }

        @Override
        public void println(Object x) {
            target().println(x);
        }

        @Override
        public PrintStream printf(String format, Object... args) {
            target().printf(format, args);
            return this;
        }

        @Override
        public PrintStream printf(Locale l, String format, Object... args) {
            target().printf(l, format, args);
            return this;
        }

        @Override
        public PrintStream format(String format, Object... args) {
            target().format(format, args);
            return this;
        }

        @Override
        public PrintStream format(Locale l, String format, Object... args) {
            target().format(l, format, args);
            return this;
        }

        @Override
        public PrintStream append(CharSequence csq) {
            target().append(csq);
            return this;
        }

        @Override
        public PrintStream append(CharSequence csq, int start, int end) {
            target().append(csq, start, end);
            return this;
        }

        @Override
        public PrintStream append(char c) {
            target().append(c);
            return this;
        }

        @Override
        public void close() {
            if (target() == host) {
                host.close(); // a task closing System.out closes nothing but its own view
            }
        }
    }
}
