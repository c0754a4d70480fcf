package dev.ferry.runtime.engine;

import java.lang.reflect.Proxy;
import java.util.Iterator;
import java.util.Set;

/**
 * Decides, on the task thread at a safepoint, whether every frame of its stack can be captured.
 * Unwinding through a frame that was not rewritten — JDK code calling back into the task, a
 * reflective call, a constructor, a frame holding a monitor — would silently lose that frame's
 * state, so a capture only starts when this check passes. It costs a stack walk, and runs only while
 * a capture request is pending.
 */
final class StackCheck {
    private static final StackWalker WALKER = StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE));
    private static final String ENGINE_PACKAGE = Engine.class.getPackageName();

    private StackCheck() {
    }

    /** Null if the whole stack can be captured here; otherwise the first frame that cannot, and why. */
    static String findBlocker() {
        return WALKER.walk(frames -> {
            Iterator<StackWalker.StackFrame> it = frames.iterator();
            boolean seenTaskFrame = false;
            StackWalker.StackFrame constructor = null; // a split constructor's frame, whose caller must be constructing
            while (it.hasNext()) {
                StackWalker.StackFrame frame = it.next();
                Class<?> cls = frame.getDeclaringClass();
                if (constructor != null) {
                    String why = whyNotConstructing(frame, constructor);
                    if (why != null) {
                        return why;
                    }
                    constructor = null;
                }
                if (cls == TaskThread.class) {
                    return seenTaskFrame ? null : "no task frame on the stack";
                }
                if (cls.getClassLoader() instanceof TaskClassLoader loader) {
                    MethodMeta method = meta(loader, frame);
                    String why = method == null ? "was not rewritten for capture" : method.whyNotAt(frame.getByteCodeIndex());
                    if (why != null) {
                        return describe(frame) + " " + why;
                    }
                    if (method.isSplitConstructor()) {
                        constructor = frame;
                    }
                    seenTaskFrame = true;
                } else if (!(seenTaskFrame ? isBridge(cls) : cls.getPackageName().equals(ENGINE_PACKAGE))) {
                    return describe(frame) + calledFrom(it) + " is not task code: a capture cannot pass through JDK or"
                            + " library frames (such as a callback from List.forEach or a reflective call)";
                }
            }
            return "the task's base frame is not on this thread's stack";
        });
    }

    private static MethodMeta meta(TaskClassLoader loader, StackWalker.StackFrame frame) {
        ClassMeta meta = loader.meta(frame.getClassName());
        return meta == null ? null : meta.methods().get(frame.getMethodName() + frame.getDescriptor());
    }

    /**
     * A capture passes through a split constructor only when a {@code new X(...)} of task code
     * called it: that construction is where the caller resumes. Called any other way — by the
     * JDK's proxy for a method reference {@code X::new} (a hidden frame, which the walk does not
     * show: the next frame seen is the call of the functional interface), by reflection — the
     * caller could not hand the restored object on, so the capture waits.
     */
    private static String whyNotConstructing(StackWalker.StackFrame caller, StackWalker.StackFrame constructor) {
        if (caller.getDeclaringClass().getClassLoader() instanceof TaskClassLoader loader) {
            MethodMeta method = meta(loader, caller);
            if (method != null && method.isConstructionAt(caller.getByteCodeIndex())) {
                return null;
            }
        }
        String simpleName = constructor.getClassName().substring(constructor.getClassName().lastIndexOf('.') + 1);
        String how = caller.getMethodName().equals("<init>") ? "the super() or this() call of another constructor"
                : "not a `new " + simpleName + "(...)` in task code (a method reference such as " + simpleName
                        + "::new, or reflection)";
        return describe(constructor) + " is a constructor called from " + describe(caller) + ", " + how
                + ": a capture waits until the constructor returns";
    }

    /** ", called from" the next task frame down, so the message points into the task's own code. */
    private static String calledFrom(Iterator<StackWalker.StackFrame> below) {
        while (below.hasNext()) {
            StackWalker.StackFrame frame = below.next();
            if (frame.getDeclaringClass().getClassLoader() instanceof TaskClassLoader) {
                return ", called from " + describe(frame) + ",";
            }
        }
        return "";
    }

    /** Frames a capture may pass through between two task frames: lambda plumbing and resume bridges. */
    private static boolean isBridge(Class<?> cls) {
        return cls == LambdaBridge.class || Proxy.isProxyClass(cls) || cls.getName().startsWith("java.lang.invoke.");
    }

    private static String describe(StackWalker.StackFrame frame) {
        return frame.getClassName() + "." + frame.getMethodName() + "(" + frame.getFileName() + ":" + frame.getLineNumber() + ")";
    }
}
