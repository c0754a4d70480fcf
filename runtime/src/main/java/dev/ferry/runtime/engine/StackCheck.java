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
            while (it.hasNext()) {
                StackWalker.StackFrame frame = it.next();
                Class<?> cls = frame.getDeclaringClass();
                if (cls == TaskThread.class) {
                    return seenTaskFrame ? null : "no task frame on the stack";
                }
                if (cls.getClassLoader() instanceof TaskClassLoader loader) {
                    String why = whyNotCapturable(loader, frame);
                    if (why != null) {
                        return describe(frame) + " " + why;
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

    private static String whyNotCapturable(TaskClassLoader loader, StackWalker.StackFrame frame) {
        ClassMeta meta = loader.meta(frame.getClassName());
        MethodMeta method = meta == null ? null : meta.methods().get(frame.getMethodName() + frame.getDescriptor());
        if (method == null) {
            return "was not rewritten for capture";
        }
        return method.whyNotAt(frame.getByteCodeIndex());
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
