package dev.ferry.runtime.engine;

import java.util.Arrays;

/**
 * What the rewriter knows about one method, for the capture-time stack check: the bytecode indices
 * (in the rewritten method) at which a frame of this method may be captured, and why the other
 * calls may not.
 *
 * @param capturableBcis    sorted bytecode indices of the method's resume points: the safepoints and calls at
 *                          which its frame is saved and from which it resumes (a frame's resume index counts them)
 * @param passThroughBcis   sorted bytecode indices of calls at which a capture may pass through the frame
 *                          although they are no resume points of their own: a split constructor's call of its
 *                          body, and a caller's call of a constructor body while it resumes one (see the
 *                          rewriter's {@code ConstructorBodies})
 * @param constructionBcis  sorted bytecode indices of the calls that construct an object of a task class
 *                          ({@code new X(...)}, and its resumed form): the only calls a capture through a
 *                          split constructor may come from
 * @param notCapturableWhy  if no site of the method can capture, why (e.g. "a constructor"); otherwise null
 * @param blocked           bytecode index of each other call to why a frame stopped there cannot be captured
 * @param debug             by resume index: the source line and local variable names there (from the
 *                          class's debug information; empty when it has none)
 */
public record MethodMeta(int[] capturableBcis, int[] passThroughBcis, int[] constructionBcis, String notCapturableWhy,
                         java.util.Map<Integer, String> blocked, java.util.List<dev.ferry.runtime.continuation.FrameDebug> debug) {

    public MethodMeta {
        capturableBcis = capturableBcis.clone();
        Arrays.sort(capturableBcis);
        passThroughBcis = passThroughBcis.clone();
        Arrays.sort(passThroughBcis);
        constructionBcis = constructionBcis.clone();
        Arrays.sort(constructionBcis);
        blocked = java.util.Map.copyOf(blocked);
        debug = java.util.List.copyOf(debug);
    }

    public MethodMeta(int[] capturableBcis, String notCapturableWhy, java.util.Map<Integer, String> blocked,
                      java.util.List<dev.ferry.runtime.continuation.FrameDebug> debug) {
        this(capturableBcis, new int[0], new int[0], notCapturableWhy, blocked, debug);
    }

    public MethodMeta(int[] capturableBcis, String notCapturableWhy, java.util.Map<Integer, String> blocked) {
        this(capturableBcis, notCapturableWhy, blocked, java.util.List.of());
    }

    /** A method with no resume points at all, for the given reason. */
    public static MethodMeta notCapturable(String why) {
        return new MethodMeta(new int[0], why, java.util.Map.of());
    }

    /** Why a frame stopped at {@code bci} cannot be captured (null if it can). */
    public String whyNotAt(int bci) {
        if (notCapturableWhy != null) {
            return "is " + notCapturableWhy;
        }
        if (canCaptureAt(bci)) {
            return null;
        }
        String why = blocked.get(bci);
        return "is at a call that cannot be a resume point: " + (why != null ? why : "bytecode index " + bci);
    }

    /** Whether a frame stopped at {@code bci} is constructing an object of a task class with {@code new}. */
    public boolean isConstructionAt(int bci) {
        return Arrays.binarySearch(constructionBcis, bci) >= 0;
    }

    /** Whether this is a split constructor, through which a capture passes at its body call (and nowhere else). */
    public boolean isSplitConstructor() {
        return capturableBcis.length == 0 && passThroughBcis.length > 0;
    }

    /** Whether a frame stopped at {@code bci} can be captured. */
    public boolean canCaptureAt(int bci) {
        return Arrays.binarySearch(capturableBcis, bci) >= 0 || Arrays.binarySearch(passThroughBcis, bci) >= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MethodMeta m && Arrays.equals(capturableBcis, m.capturableBcis)
                && Arrays.equals(passThroughBcis, m.passThroughBcis) && Arrays.equals(constructionBcis, m.constructionBcis)
                && java.util.Objects.equals(notCapturableWhy, m.notCapturableWhy) && blocked.equals(m.blocked);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(capturableBcis) * 31 + java.util.Objects.hashCode(notCapturableWhy);
    }

    @Override
    public String toString() {
        return notCapturableWhy != null ? "not capturable: " + notCapturableWhy : "capturable at " + Arrays.toString(capturableBcis)
                + (passThroughBcis.length == 0 ? "" : ", passed through at " + Arrays.toString(passThroughBcis));
    }
}
