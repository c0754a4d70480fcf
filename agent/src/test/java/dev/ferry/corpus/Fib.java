package dev.ferry.corpus;

/** Call-heavy recursion: captures land at method-entry safepoints deep in the call tree. */
public class Fib {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 27;
        for (int i = n - 4; i <= n; i++) {
            System.out.println("fib(" + i + ") = " + fib(i));
        }
    }

    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }
}
