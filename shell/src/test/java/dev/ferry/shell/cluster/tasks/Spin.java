package dev.ferry.shell.cluster.tasks;

/** A CPU-bound loop that never ends on its own and never sleeps: only a kill stops it. */
public final class Spin {
    private Spin() {
    }

    public static void main(String[] args) {
        System.out.println("spinning");
        long x = 0;
        while (true) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            if (x == 42) {
                System.out.println("unlikely");
            }
        }
    }
}
