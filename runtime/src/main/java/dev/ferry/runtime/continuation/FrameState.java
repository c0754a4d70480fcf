package dev.ferry.runtime.continuation;

import java.util.Arrays;
import java.util.Objects;

/**
 * One captured stack frame.
 *
 * <p>{@code locals} is indexed by JVM local slot; a {@code long} or {@code double} sits in its first
 * slot and the second slot is unused. Slots the rewritten method does not save (unset or dead at the
 * resume point) hold {@code null}, as do saved {@code null} references — which is which is decided
 * by the rewritten bytecode, which knows the type of every slot at every resume point.
 * Primitive values are boxed: {@code int}, {@code short}, {@code byte}, {@code char} and
 * {@code boolean} all as {@link Integer}, as the JVM holds them.
 *
 * <p>{@code stack} is the operand stack below the pending call's arguments, bottom first.
 *
 * @param className   binary name of the method's class ({@code com.example.Main})
 * @param methodName  method name
 * @param descriptor  JVM method descriptor
 * @param resumeIndex which resume point of the rewritten method the frame stopped at
 * @param locals      local variables by slot
 * @param stack       operand stack values, bottom first
 */
public record FrameState(String className, String methodName, String descriptor, int resumeIndex,
                         Object[] locals, Object[] stack) {

    /** Class name used for the pseudo-frame of a {@code Thread.sleep} interrupted by a capture. */
    public static final String SLEEP_CLASS = "java.lang.Thread";
    /** Method name used for the pseudo-frame of a {@code Thread.sleep}; its one local is the remaining nanoseconds. */
    public static final String SLEEP_METHOD = "sleep";

    public FrameState {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(locals, "locals");
        Objects.requireNonNull(stack, "stack");
        if (resumeIndex < 0) {
            throw new IllegalArgumentException("resumeIndex must not be negative: " + resumeIndex);
        }
    }

    /** A pseudo-frame standing for a sleep that a capture interrupted with {@code remainingNanos} to go. */
    public static FrameState sleeping(long remainingNanos) {
        return new FrameState(SLEEP_CLASS, SLEEP_METHOD, "(J)V", 0, new Object[] {remainingNanos}, new Object[0]);
    }

    /** Whether this is the pseudo-frame of an interrupted sleep. */
    public boolean isSleep() {
        return SLEEP_CLASS.equals(className) && SLEEP_METHOD.equals(methodName);
    }

    /** {@code Class.method(descriptor)}, the way error messages name a frame. */
    public String methodId() {
        return className + "." + methodName + descriptor;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameState f && className.equals(f.className) && methodName.equals(f.methodName)
                && descriptor.equals(f.descriptor) && resumeIndex == f.resumeIndex
                && Arrays.equals(locals, f.locals) && Arrays.equals(stack, f.stack);
    }

    @Override
    public int hashCode() {
        return Objects.hash(className, methodName, descriptor, resumeIndex, Arrays.hashCode(locals), Arrays.hashCode(stack));
    }

    @Override
    public String toString() {
        return methodId() + " @" + resumeIndex + " locals=" + Arrays.toString(locals) + " stack=" + Arrays.toString(stack);
    }
}
