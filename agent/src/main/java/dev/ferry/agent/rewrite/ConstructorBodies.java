package dev.ferry.agent.rewrite;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Makes the work a constructor does after its {@code super(...)} or {@code this(...)} call
 * capturable, by moving it into a method of its own.
 *
 * <p>A constructor's frame cannot be restored: re-invoking {@code <init>} needs an object not yet
 * constructed, and the object a snapshot brings back is constructed already. But once the
 * {@code super()} call has returned, the object is an ordinary object and the rest of the
 * constructor is ordinary code. So a constructor whose remaining body may capture (it loops or
 * calls task code) is split:
 * <pre>
 *   &lt;init&gt;(args):             ...everything up to and including super(...)/this(...)...
 *                             this.ferry$ctor$Owner(args); return          // the body call
 *   ferry$ctor$Owner(args):   ...the rest of the constructor, same locals, same slots...
 * </pre>
 * The body method is rewritten like any other method. The {@code <init>} frame saves nothing: a
 * capture passes through it at the body call (a pass-through point in its
 * {@link dev.ferry.runtime.engine.MethodMeta}), since all it had left to do was return. The
 * caller's {@code new Owner(args)} becomes a resume point of its own ({@link MethodRewriter}):
 * resumed there, it takes the restored object and calls the body method directly, which restores
 * itself and runs the rest of the constructor, and then goes on after the constructor call.
 *
 * <p>The body method is public, because a resumed caller in any package calls it, and synthetic;
 * its name carries the class's name so that a subclass's body never overrides it. Fields it
 * assigns lose their {@code final} flag (the JVM lets only {@code <init>} assign a final field);
 * they are assigned exactly as before. Records and enums are not split (an enum's constructors run
 * in its static initializer, which never captures); neither are constructors whose shape is not
 * javac's (several super calls, jumps or try ranges across the call, locals other than the
 * parameters live after it).
 */
final class ConstructorBodies {
    private static final String PREFIX = "ferry$ctor$";

    /** A split constructor: the label just before its call of the body. */
    record Split(MethodNode constructor, MethodNode body, LabelNode bodyCall) {
    }

    private ConstructorBodies() {
    }

    /** The name of {@code owner}'s constructor bodies (one per split constructor, told apart by descriptor). */
    static String bodyName(String owner) {
        return PREFIX + owner.replace('/', '$');
    }

    /**
     * Whether {@code call} constructs an object of a task class whose constructor may capture (it is
     * not {@link QuietMethods quiet}), so that it may have been split.
     */
    static boolean isTaskConstructorCall(MethodInsnNode call, ClassHierarchy hierarchy) {
        return constructsTaskClass(call, hierarchy) && !hierarchy.quietMethods().isQuietCall(call);
    }

    /** Whether {@code call} is a constructor call of a task class, quiet or not. */
    static boolean constructsTaskClass(MethodInsnNode call, ClassHierarchy hierarchy) {
        return call.getOpcode() == Opcodes.INVOKESPECIAL && call.name.equals("<init>")
                && hierarchy.classPath().isTaskClass(call.owner);
    }

    /** Splits every constructor of {@code cls} that has capturable work after its super() call; adds the bodies to it. */
    static List<Split> split(ClassNode cls, ClassHierarchy hierarchy) {
        List<Split> splits = new ArrayList<>();
        if ((cls.access & (Opcodes.ACC_INTERFACE | Opcodes.ACC_ENUM | Opcodes.ACC_RECORD)) != 0
                || "java/lang/Record".equals(cls.superName) || "java/lang/Enum".equals(cls.superName)) {
            return splits;
        }
        for (MethodNode ctor : List.copyOf(cls.methods)) {
            if (ctor.name.equals("<init>") && ctor.instructions.size() > 0) {
                Split split = split(cls, ctor, hierarchy);
                if (split != null) {
                    splits.add(split);
                }
            }
        }
        return splits;
    }

    private static Split split(ClassNode cls, MethodNode ctor, ClassHierarchy hierarchy) {
        AbstractInsnNode[] insns = ctor.instructions.toArray();
        java.util.Map<LabelNode, Integer> at = labelIndices(insns);
        // Most constructors only assign fields: the cheap scan spares them the data-flow analysis.
        if (!hasWorkAfter(insns, at, -1, hierarchy)) {
            return null;
        }
        int superCall = superCallIndex(cls, ctor, insns);
        if (superCall < 0 || !hasWorkAfter(insns, at, superCall, hierarchy) || crossesSplit(ctor, insns, at, superCall)
                || !onlyParametersLiveAfter(ctor, superCall)) {
            return null;
        }
        // Index-based decisions are all made: from here on, instructions move.
        LabelNode bodyStart = new LabelNode();
        ctor.instructions.insert(insns[superCall], bodyStart);
        int split = superCall + 1;
        MethodNode body = new MethodNode(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, bodyName(cls.name), ctor.desc, null,
                ctor.exceptions.toArray(new String[0]));
        body.maxLocals = ctor.maxLocals;
        body.maxStack = ctor.maxStack;
        moveLocalVariables(ctor, body, at, insns.length, split, bodyStart);
        for (TryCatchBlockNode block : List.copyOf(ctor.tryCatchBlocks)) {
            if (ctor.instructions.indexOf(block.start) > superCall) {
                ctor.tryCatchBlocks.remove(block);
                body.tryCatchBlocks.add(block);
            }
        }
        // Type annotations on locals name labels on both sides; they only serve tools reading the class.
        ctor.visibleLocalVariableAnnotations = null;
        ctor.invisibleLocalVariableAnnotations = null;
        AbstractInsnNode next = bodyStart;
        while (next != null) {
            AbstractInsnNode moving = next;
            next = next.getNext();
            ctor.instructions.remove(moving);
            body.instructions.add(moving);
        }
        LabelNode bodyCall = new LabelNode();
        LabelNode ctorEnd = new LabelNode();
        InsnList call = new InsnList();
        call.add(new VarInsnNode(Opcodes.ALOAD, 0));
        int slot = 1;
        for (Type arg : Type.getArgumentTypes(ctor.desc)) {
            call.add(new VarInsnNode(arg.getOpcode(Opcodes.ILOAD), slot));
            slot += arg.getSize();
        }
        call.add(bodyCall);
        call.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, cls.name, body.name, body.desc, false));
        call.add(new InsnNode(Opcodes.RETURN));
        call.add(ctorEnd);
        ctor.instructions.add(call);
        if (ctor.localVariables != null) {
            for (LocalVariableNode v : ctor.localVariables) {
                if (v.end == bodyStart) {
                    v.end = ctorEnd;
                }
            }
        }
        unfinalAssignedFields(cls, body);
        cls.methods.add(body);
        return new Split(ctor, body, bodyCall);
    }

    /**
     * The index of the one {@code invokespecial <init>} on the uninitialized {@code this} (javac's
     * super() or this() call), or -1 if there is not exactly one or slot 0 is ever overwritten.
     */
    private static int superCallIndex(ClassNode cls, MethodNode ctor, AbstractInsnNode[] insns) {
        int found = -1;
        org.objectweb.asm.tree.analysis.Frame<org.objectweb.asm.tree.analysis.SourceValue>[] frames;
        try {
            frames = new org.objectweb.asm.tree.analysis.Analyzer<>(new org.objectweb.asm.tree.analysis.SourceInterpreter())
                    .analyze(cls.name, ctor);
        } catch (org.objectweb.asm.tree.analysis.AnalyzerException e) {
            return -1; // the method rewriter reports what is wrong with it
        }
        for (int i = 0; i < insns.length; i++) {
            if (insns[i] instanceof VarInsnNode store && store.var == 0 && store.getOpcode() == Opcodes.ASTORE) {
                return -1;
            }
            if (!(insns[i] instanceof MethodInsnNode call) || call.getOpcode() != Opcodes.INVOKESPECIAL
                    || !call.name.equals("<init>") || frames[i] == null
                    || !(call.owner.equals(cls.name) || call.owner.equals(cls.superName))) {
                continue;
            }
            var frame = frames[i];
            var receiver = frame.getStack(frame.getStackSize() - Type.getArgumentTypes(call.desc).length - 1);
            if (receiver.insns.size() == 1 && receiver.insns.iterator().next() instanceof VarInsnNode load
                    && load.getOpcode() == Opcodes.ALOAD && load.var == 0) {
                if (found >= 0) {
                    return -1;
                }
                found = i;
            }
        }
        return found >= 0 && frames[found].getStackSize() == Type.getArgumentTypes(((MethodInsnNode) insns[found]).desc).length + 1
                ? found : -1;
    }

    /** Whether the code after the super() call may capture: a loop, a call into task code, a sleep. */
    private static boolean hasWorkAfter(AbstractInsnNode[] insns, java.util.Map<LabelNode, Integer> at, int superCall,
                                        ClassHierarchy hierarchy) {
        for (int i = superCall + 1; i < insns.length; i++) {
            AbstractInsnNode insn = insns[i];
            if (insn instanceof MethodInsnNode call && (Sites.mayCapture(call, hierarchy) || isTaskConstructorCall(call, hierarchy)
                    || call.owner.equals("java/lang/Thread") && call.name.equals("sleep"))) {
                return true;
            }
            for (LabelNode target : Branches.targets(insn)) {
                if (at.get(target) <= i) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a jump or a try range crosses the point just after the super() call. */
    private static boolean crossesSplit(MethodNode ctor, AbstractInsnNode[] insns, java.util.Map<LabelNode, Integer> at,
                                        int superCall) {
        for (int i = 0; i < insns.length; i++) {
            for (LabelNode target : Branches.targets(insns[i])) {
                if ((i <= superCall) != (at.get(target) <= superCall)) {
                    return true;
                }
            }
        }
        for (TryCatchBlockNode block : ctor.tryCatchBlocks) {
            boolean start = at.get(block.start) <= superCall;
            boolean end = at.get(block.end) <= superCall;
            boolean handler = at.get(block.handler) <= superCall;
            if (start != end || start != handler) {
                return true;
            }
        }
        return false;
    }

    /** The body method receives the parameters; any other local still needed after super() would be lost. */
    private static boolean onlyParametersLiveAfter(MethodNode ctor, int superCall) {
        BitSet live = Liveness.liveBefore(ctor)[superCall + 1];
        int parameterSlots = 1;
        for (Type arg : Type.getArgumentTypes(ctor.desc)) {
            parameterSlots += arg.getSize();
        }
        return live.nextSetBit(parameterSlots) < 0;
    }

    /** Each label's position in the constructor as it was before the split. */
    private static java.util.Map<LabelNode, Integer> labelIndices(AbstractInsnNode[] insns) {
        java.util.Map<LabelNode, Integer> at = new java.util.HashMap<>();
        for (int i = 0; i < insns.length; i++) {
            if (insns[i] instanceof LabelNode l) {
                at.put(l, i);
            }
        }
        return at;
    }

    /**
     * Debug names: a variable wholly after the split goes to the body; one spanning it (the
     * parameters, {@code this}) is in both, ending at the split in the constructor.
     */
    private static void moveLocalVariables(MethodNode ctor, MethodNode body, java.util.Map<LabelNode, Integer> at, int length,
                                           int split, LabelNode bodyStart) {
        if (ctor.localVariables == null) {
            return;
        }
        body.localVariables = new ArrayList<>();
        for (LocalVariableNode v : List.copyOf(ctor.localVariables)) {
            int start = at.getOrDefault(v.start, 0);
            int end = at.getOrDefault(v.end, length);
            if (start >= split) {
                ctor.localVariables.remove(v);
                body.localVariables.add(v);
            } else if (end >= split) {
                body.localVariables.add(new LocalVariableNode(v.name, v.desc, v.signature, bodyStart, v.end, v.index));
                v.end = bodyStart; // set to the constructor's new end once its tail is written
            }
        }
    }

    /** The JVM lets only {@code <init>} assign a final instance field; the body now assigns them. */
    private static void unfinalAssignedFields(ClassNode cls, MethodNode body) {
        for (AbstractInsnNode insn : body.instructions) {
            if (insn instanceof FieldInsnNode put && put.getOpcode() == Opcodes.PUTFIELD && put.owner.equals(cls.name)) {
                for (FieldNode field : cls.fields) {
                    if (field.name.equals(put.name) && field.desc.equals(put.desc) && (field.access & Opcodes.ACC_STATIC) == 0) {
                        field.access &= ~Opcodes.ACC_FINAL;
                    }
                }
            }
        }
    }
}
