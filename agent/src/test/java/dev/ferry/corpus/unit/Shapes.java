package dev.ferry.corpus.unit;

/**
 * Small inputs for the rewriter's unit tests; the expectation for each method is in its comment.
 */
public class Shapes {
    private final Object lock = new Object();
    private int field;

    /**
     * Expect: split after super(): the rest (the field initializer, the call) becomes the public
     * synthetic method ferry$ctor$dev$ferry$corpus$unit$Shapes()V, with resume points of its own;
     * the constructor itself has none and a capture passes through it only at its call of the
     * body; `lock`, assigned in the body, is no longer final.
     */
    public Shapes() {
        field = helper(1);
    }

    /** Expect: nothing after this(...) can capture: left as it is, never a resume point. */
    public Shapes(int field) {
        this();
        this.field = field;
    }

    /** Expect: resume points at entry, at the loop back-edge and at the call; nothing but static reads on the fast path. */
    public int loop(int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += helper(i);
        }
        return s;
    }

    /** Expect: a leaf with no loop: a single resume point, at entry. */
    public static int helper(int x) {
        return x * 2;
    }

    /** Expect: a synchronized method has resume points like any other (the restore re-takes its monitor). */
    public synchronized int locked() {
        return helper(field);
    }

    /** Expect: the call inside the block is not a resume point; the call after it is. */
    public int block() {
        int a;
        synchronized (lock) {
            a = helper(3);
        }
        return a + helper(4);
    }

    /** Expect: Thread.sleep goes through the engine; System.out through TaskIO. */
    public void sleepAndPrint() throws InterruptedException {
        Thread.sleep(1);
        System.out.println("x");
    }

    /** Expect: calls to final JDK classes (String, StringBuilder, Math) are not resume points. */
    public String jdk(String s) {
        return new StringBuilder(s).append(Math.abs(-1)).toString().trim();
    }

    /** Expect: twelve calls with the same live locals share one capture block and one restore block. */
    public int manyCalls(int x) {
        int a = helper(x);
        a += helper(a);
        a += helper(a);
        a += helper(a);
        a += helper(a);
        a += helper(a);
        a += helper(a);
        a += helper(a);
        a += helper(a);
        a += helper(a);
        a += helper(a);
        return a + helper(a);
    }

    /** Expect: a lambda made by task code is serializable. */
    public Runnable lambda() {
        return () -> field++;
    }
}
