package dev.ferry.shell.cluster.tasks;

import java.util.logging.Logger;

/** Prints through JDK code that reads System.err itself: a stack trace and a logging console handler. */
public final class PrintsThroughTheJdk {
    private static final Logger LOG = Logger.getLogger(PrintsThroughTheJdk.class.getName());

    private PrintsThroughTheJdk() {
    }

    public static void main(String[] args) {
        System.out.println("before");
        new IllegalStateException("a stack trace for the task's log").printStackTrace();
        LOG.warning("a warning for the task's log");
        System.out.println("after");
    }
}
