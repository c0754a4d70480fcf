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
        field = work(1);
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
            s += work(i);
        }
        return s;
    }

    /** Expect: a loop: resume points at its entry and its back-edge, and every call to it is one. */
    public static int work(int x) {
        int s = 0;
        for (int i = 0; i < x; i++) {
            s += i;
        }
        return s;
    }

    /** Expect: a leaf with no loop is quiet: left as compiled, no resume point, no safepoint check. */
    public static int helper(int x) {
        return x * 2;
    }

    /** Expect: quiet too: its calls go to quiet methods known exactly (static, private, final). */
    public int callsQuietMethods(int x) {
        return helper(x) + twice(x) + fixed();
    }

    private int twice(int x) {
        return helper(helper(x));
    }

    public final int fixed() {
        return field;
    }

    /** Expect: recursion is never quiet (it may run for as long as it likes): a resume point at the call. */
    public static int countdown(int n) {
        return n <= 0 ? 0 : countdown(n - 1) + 1;
    }

    /** Expect: a virtual call is a resume point when an override on the class path may capture (LoudSubclass's). */
    public int callsOverridable() {
        return overridable() + 1;
    }

    public int overridable() {
        return field;
    }

    /** Expect: quiet: the virtual call's target has no override on the class path. */
    public int callsNotOverridden() {
        return notOverridden() + 1;
    }

    public int notOverridden() {
        return field;
    }

    /** Expect: a synchronized method has resume points like any other (the restore re-takes its monitor). */
    public synchronized int locked() {
        return work(field);
    }

    /** Expect: the call inside the block is not a resume point; the call after it is. */
    public int block() {
        int a;
        synchronized (lock) {
            a = work(3);
        }
        return a + work(4);
    }

    /** Expect: Thread.sleep goes through the engine; System.out through TaskIO. */
    public void sleepAndPrint() throws InterruptedException {
        Thread.sleep(1);
        System.out.println("x");
    }

    /** Expect: calls to final JDK classes (String, StringBuilder, Math) are not resume points: it is quiet. */
    public String jdk(String s) {
        return new StringBuilder(s).append(Math.abs(-1)).toString().trim();
    }

    /** Expect: twelve calls with the same live locals share one capture block and one restore block. */
    public int manyCalls(int x) {
        int a = work(x);
        a += work(a);
        a += work(a);
        a += work(a);
        a += work(a);
        a += work(a);
        a += work(a);
        a += work(a);
        a += work(a);
        a += work(a);
        a += work(a);
        return a + work(a);
    }

    /** Expect: a lambda made by task code is serializable. */
    public Runnable lambda() {
        return () -> field++;
    }
}
