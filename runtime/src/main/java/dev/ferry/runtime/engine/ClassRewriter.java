package dev.ferry.runtime.engine;

/**
 * Rewrites task classes so that their frames can be captured and restored. Implemented by the
 * agent (with ASM); the runtime only defines the contract so that it does not depend on ASM.
 */
public interface ClassRewriter {

    /**
     * Rewrites one class.
     *
     * @param className binary name of the class
     * @param original  the class file as compiled
     * @param classPath where to look up other classes (super types, call targets)
     * @return the rewritten class file and its metadata
     * @throws IllegalArgumentException if the class file cannot be parsed
     */
    RewrittenClass rewrite(String className, byte[] original, ClassPathView classPath);

    /** The engine version this rewriter produces code for; snapshots name it. */
    String engineVersion();

    /** A rewritten class file and what the rewriter recorded about it. */
    record RewrittenClass(byte[] bytes, ClassMeta meta) {
    }

    /** The rewriter's view of the class path it rewrites for. */
    interface ClassPathView {
        /** The class file of any class (JDK included) by internal name, or null if there is none. */
        byte[] classBytes(String internalName);

        /** Whether the class is a task class, i.e. will itself be rewritten. */
        boolean isTaskClass(String internalName);

        /**
         * Every task class of the class path by internal name, or null if this view cannot list
         * them. With the list, the rewriter knows every override of a task class's method that a
         * class file declares, so a virtual call whose every target never captures needs no resume
         * point; without it every such call is one. Views that describe the same task class path
         * must answer alike: which calls are resume points depends on it.
         */
        default java.util.Collection<String> taskClassNames() {
            return null;
        }

        /**
         * A token of the task class path's content as the file system describes it (which files,
         * and for each its file identity, size, modification and change times), or null if this
         * view has none. Equal tokens mean the same task classes, byte for byte, unless a file was
         * rewritten without its change time moving, which only resetting the clock can do; so a
         * digest of the classes' bytes computed for one token holds for the next view with it.
         */
        default String contentToken() {
            return null;
        }
    }
}
