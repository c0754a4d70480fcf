package dev.ferry.shell.cluster.tasks;

/** Prints, then sleeps for an hour: only a kill (which must wake it) ends it early. */
public final class Sleeper {
    private Sleeper() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("sleeping");
        Thread.sleep(3_600_000);
        System.out.println("woke up");
    }
}
