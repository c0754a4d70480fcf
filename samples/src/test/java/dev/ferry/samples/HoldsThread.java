package dev.ferry.samples;

/**
 * Keeps a thread it made in a local: a snapshot of it must be refused, naming the path. (Its own
 * thread would move: it becomes the thread it resumes on.)
 */
public final class HoldsThread {
    private HoldsThread() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread me = new Thread(() -> { }, "helper");
        for (int i = 0; i < 8; i++) {
            System.out.println(i + " " + me.isAlive());
            Thread.sleep(40);
        }
    }
}
