package dev.ferry.agent.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

/** Where an instruction can jump: the one place the rewriter's flow scans read branch targets from. */
final class Branches {
    private Branches() {
    }

    /** The labels a jump or switch can go to (a switch's default first); none for other instructions. */
    static List<LabelNode> targets(AbstractInsnNode insn) {
        List<LabelNode> targets = new ArrayList<>();
        if (insn instanceof JumpInsnNode jump) {
            targets.add(jump.label);
        } else if (insn instanceof TableSwitchInsnNode sw) {
            targets.add(sw.dflt);
            targets.addAll(sw.labels);
        } else if (insn instanceof LookupSwitchInsnNode sw) {
            targets.add(sw.dflt);
            targets.addAll(sw.labels);
        }
        return targets;
    }
}
