package dev.ferry.runtime.engine;

/**
 * A class on the resuming side is not the class the task was captured with: its bytes hash
 * differently. Resuming would run different code against captured frames, so Ferry refuses.
 */
public final class FingerprintMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String className;

    public FingerprintMismatchException(String className, String expected, String actual) {
        super(actual == null
                ? "class " + className + " was captured (sha-256 " + expected + ") but is missing from the class path here;"
                        + " put the task's classes on the class path and try again"
                : "class " + className + " differs from the one captured: snapshot sha-256 " + expected + ", here " + actual
                        + "; resume with the same build of the task's classes");
        this.className = className;
    }

    /** The class that differs. */
    public String className() {
        return className;
    }
}
