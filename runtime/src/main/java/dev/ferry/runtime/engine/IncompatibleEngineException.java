package dev.ferry.runtime.engine;

/**
 * A snapshot taken under another engine version than the one that would resume it. A frame's
 * resume index and the layout of its saved values mean something only for the rewriting that
 * produced them (which calls and back-edges are resume points, in what order), and the class
 * fingerprints check the original class bytes, not that rewriting: so such a snapshot is refused
 * before anything runs, rather than resumed at another point of the method.
 */
public final class IncompatibleEngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    IncompatibleEngineException(String snapshotEngine, String runningEngine) {
        super("the snapshot was captured under Ferry engine version " + snapshotEngine + ", and this JVM runs engine version "
                + runningEngine + ": a frame resumes only under the engine that rewrote its method; resume it with the"
                + " Ferry build that captured it");
    }
}
