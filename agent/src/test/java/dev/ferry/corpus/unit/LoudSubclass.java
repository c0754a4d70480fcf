package dev.ferry.corpus.unit;

/** Overrides a quiet method of {@link Shapes} with one that loops (the rewriter's unit tests). */
public class LoudSubclass extends Shapes {
    @Override
    public int overridable() {
        int s = 0;
        for (int i = 0; i < 3; i++) {
            s += i;
        }
        return s;
    }
}
