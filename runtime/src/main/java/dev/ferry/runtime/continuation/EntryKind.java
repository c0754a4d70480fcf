package dev.ferry.runtime.continuation;

/** How a task class is entered. */
public enum EntryKind {
    /** {@code public static void main(String[])}. */
    MAIN,
    /** {@link dev.ferry.runtime.Task#run(String[])} on an instance made with the no-argument constructor. */
    TASK,
    /** {@link Runnable#run()} on an instance made with the no-argument constructor. */
    RUNNABLE
}
