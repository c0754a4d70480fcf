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
     * {@code list.add(x)}, {@code o.toString()}). Constructor calls are not such calls (their frames
     * cannot be restored; a construction of a task class is a resume point of its own kind, see
     * {@link ConstructorBodies}), and neither are static or private calls into code that is not
     * rewritten, nor calls known to run only {@link QuietMethods quiet} task methods.
     */
    static boolean mayCapture(MethodInsnNode call, ClassHierarchy hierarchy) {
        return mayCaptureUnlessQuiet(call, hierarchy)
                && !(hierarchy.classPath().isTaskClass(call.owner) && hierarchy.quietMethods().isQuietCall(call));
    }

    /**
     * {@link #mayCapture} without {@link QuietMethods}: whether the call could reach a rewritten
     * method at all. A call to a task class always could, unless its target is known to be quiet.
     */
    static boolean mayCaptureUnlessQuiet(MethodInsnNode call, ClassHierarchy hierarchy) {
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
        return info == null || !info.isFinal() || FINAL_IN_SOME_JDKS.contains(call.owner);
    }

    /**
     * Public JDK classes that are final in some of the JDKs Ferry supports and not in others (found by
     * comparing JDK 17's and 25's class files). A call on one is a resume point on every JDK, as if
     * it were not final: which calls are resume points decides what a frame's resume index means,
     * and a snapshot taken on JDK 17 ({@code ThreadLocalRandom.current().nextInt(n)},
     * {@code Runtime.getRuntime().availableProcessors()}) must resume at the same call on JDK 25,
     * where these classes became final. A resume point at a call that cannot reach task code costs
     * only its cold code.
     */
    static final java.util.Set<String> FINAL_IN_SOME_JDKS = java.util.Set.of(
            "java/io/Console", "java/io/ObjectStreamClass", "java/io/OptionalDataException",
            "java/lang/Package", "java/lang/Runtime", "java/lang/constant/DynamicCallSiteDesc",
            "java/lang/module/ModuleDescriptor", "java/net/InterfaceAddress", "java/nio/charset/CoderResult",
            "java/nio/charset/CodingErrorAction", "java/security/DrbgParameters",
            "java/util/concurrent/ConcurrentHashMap$KeySetView", "java/util/concurrent/ThreadLocalRandom",
            "java/awt/GridBagLayoutInfo", "java/awt/PointerInfo", "java/awt/ScrollPaneAdjustable",
            "java/awt/color/ICC_ProfileGray", "java/awt/color/ICC_ProfileRGB", "java/awt/dnd/DropTargetContext",
            "javax/sound/midi/Track", "javax/swing/GroupLayout$SequentialGroup", "javax/swing/ToolTipManager",
            "javax/swing/text/html/FormSubmitEvent", "javax/swing/text/html/StyleSheet$BoxPainter",
            "javax/swing/text/html/StyleSheet$ListPainter");
}
