package dev.ferry.shell.cluster.tasks;

/** Small state, always near a safepoint: counts milliseconds until it is killed. */
public final class Pulse {
    private Pulse() {
    }

    public static void main(String[] args) throws InterruptedException {
        long beats = 0;
        while (true) {
            beats++;
            Thread.sleep(1);
        }
    }
}
