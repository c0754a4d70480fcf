package dev.ferry.shell.cluster.tasks;

import dev.ferry.runtime.Resumable;

/** Counts, 20 ms a line, until it is moved; right after a move it fails. */
public final class FailsAfterMove implements Resumable {
    private static boolean moved;

    private FailsAfterMove() {
    }

    @Override
    public void resumed() {
        moved = true;
    }

    public static void main(String[] args) throws InterruptedException {
        FailsAfterMove hook = new FailsAfterMove();
        for (int i = 0; ; i++) {
            if (moved) {
                throw new IllegalStateException("failed at once after the move (" + hook + ")");
            }
            System.out.println(i);
            Thread.sleep(20);
        }
    }

    @Override
    public String toString() {
        return "hook";
    }
}
