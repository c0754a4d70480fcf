package dev.ferry.runtime.engine;

/**
 * A task class was rewritten at build time (it carries an
 * {@link dev.ferry.runtime.classfile.InstrumentationMark}) for another engine version than the
 * rewriter of this JVM produces. Its capture and restore code would not match this engine, so the
 * class is refused rather than run.
 */
public final class IncompatibleInstrumentationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String className;
    private final String classEngineVersion;
    private final String engineVersion;

    public IncompatibleInstrumentationException(String className, String classEngineVersion, String engineVersion) {
        super("class " + className + " was instrumented at build time for Ferry engine version " + classEngineVersion
                + ", but this Ferry runs engine version " + engineVersion + "; rebuild the task's classes with the"
                + " ferry-maven-plugin of this Ferry version (or build them without the plugin and let the agent"
                + " rewrite them as they load)");
        this.className = className;
        this.classEngineVersion = classEngineVersion;
        this.engineVersion = engineVersion;
    }

    /** The class that was refused. */
    public String className() {
        return className;
    }

    /** The engine version the class was instrumented for. */
    public String classEngineVersion() {
        return classEngineVersion;
    }

    /** The engine version of this JVM's rewriter. */
    public String engineVersion() {
        return engineVersion;
    }
}
