package dev.ferry.samples;

/** Keeps its own Thread object in a local: a snapshot of it must be refused, naming the path. */
public final class HoldsThread {
    private HoldsThread() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread me = Thread.currentThread();
        for (int i = 0; i < 8; i++) {
            System.out.println(i + " " + me.isAlive());
            Thread.sleep(40);
        }
    }
}
