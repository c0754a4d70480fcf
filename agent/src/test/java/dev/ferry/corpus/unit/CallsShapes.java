package dev.ferry.corpus.unit;

/** Calls into another class's quiet and loud methods (the rewriter's unit tests). */
public class CallsShapes {
    /** Expect: a resume point at the call to work (a loop), none at the call to helper (quiet). */
    public static int viaOtherClass(int x) {
        return Shapes.helper(x) + Shapes.work(x);
    }
}
