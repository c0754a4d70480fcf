package dev.ferry.corpus;

/** Has no main, and is neither a Task nor a Runnable: launching it must say so. */
public class NoEntryPoint {
    public void work() {
    }
}
