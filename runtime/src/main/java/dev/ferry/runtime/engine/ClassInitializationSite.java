package dev.ferry.runtime.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;

/**
 * The call site that initializes a class where the rewriter moved a {@code new} away from: until
 * the class is initialized, each call asks for its initialization; once that succeeds, the site is
 * linked to nothing and costs nothing. Not a bootstrap that initializes the class itself: a
 * linkage error is remembered by its call site forever, so a static initializer that failed would
 * throw its {@code ExceptionInInitializerError} again at every later construction, where the JVM
 * throws it once and then {@code NoClassDefFoundError}; asking the JVM on each call keeps that.
 */
final class ClassInitializationSite extends MutableCallSite {
    private static final MethodHandle INITIALIZE;

    static {
        try {
            INITIALIZE = MethodHandles.lookup().findVirtual(ClassInitializationSite.class, "initialize",
                    MethodType.methodType(void.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MethodHandles.Lookup caller;
    private final Class<?> cls;

    ClassInitializationSite(MethodHandles.Lookup caller, Class<?> cls, MethodType type) {
        super(type);
        if (type.parameterCount() != 0 || type.returnType() != void.class) {
            throw new IllegalArgumentException("a class initialization site is ()V, not " + type);
        }
        this.caller = caller;
        this.cls = cls;
        setTarget(INITIALIZE.bindTo(this));
    }

    @SuppressWarnings("unused") // the site's target until the class is initialized
    private void initialize() throws IllegalAccessException {
        caller.ensureInitialized(cls); // runs the static initializer, or throws what the JVM throws for it
        setTarget(MethodHandles.empty(type()));
    }
}
