package dev.ferry.runtime.continuation;

import java.util.List;

/**
 * What the class's debug information says about a frame's resume point, for people reading a
 * snapshot: the source line, and the names of the local variables in scope, by slot (null where a
 * slot has no name there).
 *
 * @param line       the source line, or -1 if unknown
 * @param localNames names by slot
 */
public record FrameDebug(int line, List<String> localNames) {
    /** Nothing known. */
    public static final FrameDebug NONE = new FrameDebug(-1, List.of());

    public FrameDebug {
        localNames = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(localNames));
    }
}
