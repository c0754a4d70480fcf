package dev.ferry.agent.rewrite;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which locals are live (may still be read) before each instruction. A frame saves only these:
 * dead locals need not travel, and frames that differ only in dead locals can share their capture
 * and restore code. (A {@code long} or {@code double} is tracked by its first slot.)
 */
final class Liveness {
    private Liveness() {
    }

    static BitSet[] liveBefore(MethodNode method) {
        AbstractInsnNode[] insns = method.instructions.toArray();
        int n = insns.length;
        List<List<Integer>> successors = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            successors.add(successors(method, insns, i));
        }
        BitSet[] in = new BitSet[n];
        for (int i = 0; i < n; i++) {
            in[i] = new BitSet();
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                BitSet live = new BitSet();
                for (int s : successors.get(i)) {
                    live.or(in[s]);
                }
                AbstractInsnNode insn = insns[i];
                if (insn instanceof VarInsnNode v) {
                    if (v.getOpcode() >= Opcodes.ISTORE && v.getOpcode() <= Opcodes.ASTORE) {
                        live.clear(v.var);
                    } else if (v.getOpcode() != Opcodes.RET) {
                        live.set(v.var);
                    }
                } else if (insn instanceof IincInsnNode inc) {
                    live.set(inc.var);
                }
                if (!live.equals(in[i])) {
                    in[i] = live;
                    changed = true;
                }
            }
        }
        return in;
    }

    private static List<Integer> successors(MethodNode method, AbstractInsnNode[] insns, int i) {
        List<Integer> result = new ArrayList<>();
        AbstractInsnNode insn = insns[i];
        for (LabelNode l : Branches.targets(insn)) {
            result.add(method.instructions.indexOf(l));
        }
        if (MonitorDepth.fallsThrough(insn) && i + 1 < insns.length) {
            result.add(i + 1);
        }
        for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
            if (i >= method.instructions.indexOf(tcb.start) && i < method.instructions.indexOf(tcb.end)) {
                result.add(method.instructions.indexOf(tcb.handler));
            }
        }
        return result;
    }
}
