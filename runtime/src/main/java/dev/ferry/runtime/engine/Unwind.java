package dev.ferry.runtime.engine;

/**
 * Thrown through a task's frames while it is captured. Every call that may capture is covered by
 * an exception-table entry for this type, placed ahead of the task's own handlers, whose handler
 * saves the frame and throws it on; the task's base frame catches it. So a capture costs the
 * running code nothing — no check after calls — and no {@code catch} or {@code finally} of the
 * task ever sees it. <strong>Internal:</strong> public only because rewritten classes name it.
 */
public final class Unwind extends Error {
    private static final long serialVersionUID = 1L;

    static final Unwind INSTANCE = new Unwind();

    private Unwind() {
        super("a Ferry capture is unwinding this stack", null, false, false);
    }
}
