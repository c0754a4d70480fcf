package dev.ferry.agent.rewrite;

import java.util.ArrayDeque;
import java.util.Deque;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * For every instruction, whether a monitor taken by {@code monitorenter} may be held there. A frame
 * holding a monitor is never captured: the lock would not be held on the other side (or, worse,
 * would be held twice). Where paths disagree the answer is "held", which only defers a capture.
 */
final class MonitorDepth {
    private MonitorDepth() {
    }

    static boolean[] held(MethodNode method) {
        AbstractInsnNode[] insns = method.instructions.toArray();
        int[] depth = new int[insns.length];
        java.util.Arrays.fill(depth, -1);
        Deque<Integer> todo = new ArrayDeque<>();
        depth[0] = 0;
        todo.add(0);
        while (!todo.isEmpty()) {
            int i = todo.poll();
            AbstractInsnNode insn = insns[i];
            int d = depth[i];
            int after = switch (insn.getOpcode()) {
                case Opcodes.MONITORENTER -> Math.min(d + 1, 64); // bounded: invalid code could loop
                case Opcodes.MONITOREXIT -> Math.max(0, d - 1);
                default -> d;
            };
            for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
                int start = method.instructions.indexOf(tcb.start);
                int end = method.instructions.indexOf(tcb.end);
                if (i >= start && i < end) {
                    flow(todo, depth, method.instructions.indexOf(tcb.handler), d);
                }
            }
            for (LabelNode l : Branches.targets(insn)) {
                flow(todo, depth, method.instructions.indexOf(l), after);
            }
            if (fallsThrough(insn) && i + 1 < insns.length) {
                flow(todo, depth, i + 1, after);
            }
        }
        boolean[] held = new boolean[insns.length];
        for (int i = 0; i < insns.length; i++) {
            held[i] = depth[i] > 0;
        }
        return held;
    }

    private static void flow(Deque<Integer> todo, int[] depth, int target, int d) {
        if (d > depth[target]) {
            depth[target] = d;
            todo.add(target);
        }
    }

    static boolean fallsThrough(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        return !(op == Opcodes.GOTO || op == Opcodes.ATHROW || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN)
                || op == Opcodes.TABLESWITCH || op == Opcodes.LOOKUPSWITCH || op == Opcodes.RET || op == Opcodes.JSR);
    }
}
