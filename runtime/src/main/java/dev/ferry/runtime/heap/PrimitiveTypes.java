package dev.ferry.runtime.heap;

import java.util.Map;

/** The primitive types by the names {@link Class#getName()} gives them, which {@link Class#forName} does not take. */
public final class PrimitiveTypes {
    private static final Map<String, Class<?>> BY_NAME = Map.of("int", int.class, "long", long.class,
            "double", double.class, "float", float.class, "boolean", boolean.class, "char", char.class,
            "byte", byte.class, "short", short.class, "void", void.class);

    private PrimitiveTypes() {
    }

    /** The primitive type (or {@code void}) called {@code name}, or null if it names none. */
    public static Class<?> named(String name) {
        return BY_NAME.get(name);
    }
}
