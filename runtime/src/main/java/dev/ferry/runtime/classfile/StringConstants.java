package dev.ferry.runtime.classfile;

import java.util.List;

/** The string constants of a class file, read without a bytecode library. */
public final class StringConstants {
    private StringConstants() {
    }

    /**
     * The values of {@code classFile}'s {@code CONSTANT_String} entries, in constant pool order:
     * its string literals and the values of its constant fields, which the JVM interns.
     *
     * @throws IllegalArgumentException if {@code classFile} is not a well-formed class file; the
     *         message completes "class X ..."
     */
    public static List<String> of(byte[] classFile) {
        return ClassFileLayout.of(classFile).stringConstants();
    }
}
