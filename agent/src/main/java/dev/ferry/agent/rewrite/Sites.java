package dev.ferry.agent.rewrite;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodInsnNode;

/** Which calls may lead into task code that captures, and so need a check after them. */
final class Sites {
    static final String ENGINE = "dev/ferry/runtime/engine/Engine";
    static final String TASK_IO = "dev/ferry/runtime/engine/TaskIO";

    private Sites() {
    }

    /**
     * A call may capture if it can reach a rewritten method: a call to a task class, or a virtual
     * or interface call on a JDK or library type that task classes can override ({@code r.run()},
     * {@code list.add(x)}, {@code o.toString()}). Constructors never capture (their frames cannot be
     * restored), and neither do static or private calls into code that is not rewritten.
     */
    static boolean mayCapture(MethodInsnNode call, ClassHierarchy hierarchy) {
        if (call.owner.equals(ENGINE)) {
            return call.name.equals("sleep");
        }
        if (call.name.equals("<init>") || call.owner.startsWith("[")) {
            return false;
        }
        if (call.owner.startsWith("java/lang/invoke/")) {
            return false; // method handle calls: the receiver of a resumed call could not be re-created
        }
        if (hierarchy.classPath().isTaskClass(call.owner)) {
            return true;
        }
        if (call.getOpcode() == Opcodes.INVOKESTATIC || call.getOpcode() == Opcodes.INVOKESPECIAL) {
            return false;
        }
        ClassHierarchy.Info info = hierarchy.info(call.owner);
        return info == null || !info.isFinal();
    }
}
