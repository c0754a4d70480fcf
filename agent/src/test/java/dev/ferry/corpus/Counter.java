package dev.ferry.corpus;

/** Counts with a pause: captures mostly land inside Thread.sleep, whose remaining time must carry over. */
public class Counter {
    public static void main(String[] args) throws InterruptedException {
        int n = Integer.parseInt(args[0]);
        for (int i = 0; i < n; i++) {
            System.out.println(i);
            Thread.sleep(2);
        }
    }
}
