package dev.ferry.runtime.continuation;

/**
 * How a task class is entered: the main methods the {@code java} launcher of JDK 25 accepts
 * (JEP 512: static or instance, with or without {@code String[]}, any access but private), and
 * Ferry's own {@link dev.ferry.runtime.Task} and {@link Runnable}.
 */
public enum EntryKind {
    /** {@code static void main(String[])}. */
    MAIN,
    /** {@code static void main()}. */
    MAIN_NO_ARGS,
    /** {@code void main(String[])} on an instance made with the no-argument constructor. */
    INSTANCE_MAIN,
    /** {@code void main()} on an instance made with the no-argument constructor (JDK 25's compact source files). */
    INSTANCE_MAIN_NO_ARGS,
    /** {@link dev.ferry.runtime.Task#run(String[])} on an instance made with the no-argument constructor. */
    TASK,
    /** {@link Runnable#run()} on an instance made with the no-argument constructor. */
    RUNNABLE;

    /** Whether the entry method runs on an instance (which a resume takes from the first frame's {@code this}). */
    public boolean hasReceiver() {
        return this != MAIN && this != MAIN_NO_ARGS;
    }

    /** Whether the entry is a method named {@code main}, and takes the task's arguments. */
    public boolean isMain() {
        return this == MAIN || this == MAIN_NO_ARGS || this == INSTANCE_MAIN || this == INSTANCE_MAIN_NO_ARGS;
    }
}
