package dev.ferry.agent.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Deals with the one value a frame cannot save: an object that has been allocated ({@code new})
 * but not yet constructed. In {@code new Point(f(x), g(y))} javac emits {@code new; dup} before the
 * arguments, so while {@code f} runs the caller's operand stack holds two uninitialized references,
 * which may not be stored or passed anywhere.
 *
 * <p>Where such a window contains a call that may capture (or a loop), the allocation is moved to
 * just before the constructor call: the arguments are evaluated first, parked in fresh locals, and
 * then {@code new; dup; load args; invokespecial}. Evaluation order of the arguments is unchanged;
 * only the allocation happens later, which no Java program can observe (short of an
 * {@code OutOfMemoryError} ordering). The class's initialization stays where the {@code new} was:
 * an {@code invokedynamic} there initializes it the first time it runs ({@code Engine.initializeClass}),
 * so a static initializer with side effects still runs before the arguments are evaluated. (Class
 * files older than Java 7 cannot hold one: there the class is initialized at the moved {@code new}.) Windows that do not have javac's {@code new; dup} shape are
 * left alone, and every site inside them is marked as not a resume point.
 */
final class ConstructorCalls {
    /** An allocation window: the {@code new} instruction and its constructor call. */
    record Window(TypeInsnNode allocation, MethodInsnNode constructor) {
    }

    private static final Handle INITIALIZE_CLASS = new Handle(Opcodes.H_INVOKESTATIC, Sites.ENGINE, "initializeClass",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/Class;)"
                    + "Ljava/lang/invoke/CallSite;", false);

    private ConstructorCalls() {
    }

    /** Finds every {@code new … <init>} window in the method. */
    static List<Window> windows(String owner, MethodNode method) throws AnalyzerException {
        Frame<SourceValue>[] frames = new Analyzer<>(new SourceInterpreter()).analyze(owner, method);
        List<Window> windows = new ArrayList<>();
        AbstractInsnNode[] insns = method.instructions.toArray();
        for (int i = 0; i < insns.length; i++) {
            if (insns[i] instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESPECIAL
                    && call.name.equals("<init>") && frames[i] != null) {
                Frame<SourceValue> f = frames[i];
                int receiverIndex = f.getStackSize() - Type.getArgumentTypes(call.desc).length - 1;
                SourceValue receiver = f.getStack(receiverIndex);
                AbstractInsnNode source = receiver.insns.size() == 1 ? receiver.insns.iterator().next() : null;
                if (source != null && source.getOpcode() == Opcodes.DUP) {
                    // ASM credits both copies to the DUP; the value it copied came from the NEW before it.
                    Frame<SourceValue> beforeDup = frames[method.instructions.indexOf(source)];
                    SourceValue copied = beforeDup.getStack(beforeDup.getStackSize() - 1);
                    source = copied.insns.size() == 1 ? copied.insns.iterator().next() : null;
                }
                if (source instanceof TypeInsnNode alloc && alloc.getOpcode() == Opcodes.NEW) {
                    windows.add(new Window(alloc, call));
                }
            }
        }
        return windows;
    }

    /** The outcome of {@link #relocate}: windows left in place, and windows whose allocation moved (with its new node). */
    record Relocation(List<Window> inPlace, List<Window> moved) {
    }

    /**
     * Moves the allocation of every window that needs it and has javac's shape. The arguments are
     * parked in one region of scratch locals shared by every window: each parking ends (the loads
     * right after the moved {@code new; dup}) before any other begins.
     */
    static Relocation relocate(MethodNode method, List<Window> windows, java.util.function.Predicate<AbstractInsnNode> needsMove,
                               boolean canInvokeDynamic) {
        // Positions before anything moves: relocating a window keeps every other node's relative order.
        java.util.Map<AbstractInsnNode, Integer> at = new java.util.HashMap<>();
        int n = 0;
        for (AbstractInsnNode insn : method.instructions) {
            at.put(insn, n++);
        }
        List<Window> inPlace = new ArrayList<>();
        List<Window> moved = new ArrayList<>();
        int base = method.maxLocals;
        int width = 0;
        for (Window w : windows) {
            int start = at.get(w.allocation());
            int end = at.get(w.constructor());
            // a construction of a task class is a resume point: its arguments are best evaluated before the new
            boolean needed = needsMove.test(w.constructor());
            for (AbstractInsnNode insn = w.allocation().getNext(); !needed && insn != w.constructor(); insn = insn.getNext()) {
                needed = needsMove.test(insn) || insn instanceof JumpInsnNode j && at.get(j.label) <= start;
            }
            AbstractInsnNode dup = w.allocation().getNext();
            if (!needed || end < start) {
                if (end > start) {
                    inPlace.add(w);
                }
                continue;
            }
            if (dup == null || dup.getOpcode() != Opcodes.DUP) {
                inPlace.add(w);
                continue;
            }
            method.instructions.remove(dup);
            if (canInvokeDynamic) {
                method.instructions.insertBefore(w.allocation(), new InvokeDynamicInsnNode("initialize", "()V",
                        INITIALIZE_CLASS, Type.getObjectType(w.allocation().desc)));
            }
            method.instructions.remove(w.allocation());
            InsnList before = new InsnList();
            Type[] args = Type.getArgumentTypes(w.constructor().desc);
            int[] slots = new int[args.length];
            int next = base;
            for (int a = 0; a < args.length; a++) {
                slots[a] = next;
                next += args[a].getSize();
            }
            width = Math.max(width, next - base);
            for (int a = args.length - 1; a >= 0; a--) {
                before.add(new VarInsnNode(args[a].getOpcode(Opcodes.ISTORE), slots[a]));
            }
            TypeInsnNode allocation = new TypeInsnNode(Opcodes.NEW, w.allocation().desc);
            before.add(allocation);
            before.add(new InsnNode(Opcodes.DUP));
            for (int a = 0; a < args.length; a++) {
                before.add(new VarInsnNode(args[a].getOpcode(Opcodes.ILOAD), slots[a]));
            }
            method.instructions.insertBefore(w.constructor(), before);
            moved.add(new Window(allocation, w.constructor()));
        }
        method.maxLocals = base + width;
        return new Relocation(inPlace, moved);
    }
}
