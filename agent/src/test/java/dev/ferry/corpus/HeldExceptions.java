package dev.ferry.corpus;

/**
 * Exceptions kept in locals while the task is captured: after a move they still have their stack
 * trace (the JVM keeps it in an internal field until asked), their cause, and can take suppressed
 * exceptions (whose "none yet" is a JDK sentinel compared by identity).
 */
public class HeldExceptions {
    static long spin(int n) {
        long x = 0;
        for (int i = 0; i < n; i++) {
            x += i ^ (x >>> 3);
        }
        return x;
    }

    static void fail(int r) {
        throw new IllegalStateException("round " + r);
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        for (int r = 0; r < rounds; r++) {
            try {
                Long.parseLong("x" + r);
            } catch (NumberFormatException parse) {
                RuntimeException wrapped = new RuntimeException("wrapped " + r, parse);
                IllegalStateException fresh = null;
                try {
                    fail(r);
                } catch (IllegalStateException e) {
                    fresh = e;
                }
                long v = spin(400_000); // captures land here, with all three live
                fresh.addSuppressed(wrapped);
                StackTraceElement[] trace = fresh.getStackTrace();
                System.out.println(r + " " + parse.getMessage() + " | " + wrapped.getMessage()
                        + " cause=" + (wrapped.getCause() == parse)
                        + " traces=" + (parse.getStackTrace().length > 0) + "," + (wrapped.getStackTrace().length > 0)
                        + " top=" + trace[0].getMethodName() + "<-" + trace[1].getMethodName()
                        + " suppressed=" + fresh.getSuppressed().length + ":" + fresh.getSuppressed()[0].getMessage()
                        + " " + (v & 7));
            }
        }
    }
}
