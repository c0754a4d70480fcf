package dev.ferry.agent.rewrite;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Makes a task's lambdas movable. A lambda object is an instance of a hidden class the JDK spins
 * per call site; nothing about it can be read back — unless it is serializable, in which case the
 * JDK gives it a {@code writeReplace} that describes it (capturing class, implementation method,
 * captured values). So every lambda and method reference in a task class is created through
 * {@code LambdaMetafactory.altMetafactory} with {@code FLAG_SERIALIZABLE}, and each capturing class
 * gets a private static {@code $ferry$lookup()} through which the engine can create the same
 * lambda again in another class loader. The only visible change: task lambdas are
 * {@code instanceof Serializable}.
 */
final class SerializableLambdas {
    static final String LOOKUP_METHOD = "$ferry$lookup";
    private static final String LMF = "java/lang/invoke/LambdaMetafactory";
    private static final Handle ALT_METAFACTORY = new Handle(Opcodes.H_INVOKESTATIC, LMF, "altMetafactory",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;[Ljava/lang/Object;)"
                    + "Ljava/lang/invoke/CallSite;", false);
    private static final int FLAG_SERIALIZABLE = 1;

    private SerializableLambdas() {
    }

    /** Rewrites the class's lambda call sites; returns whether it has any. */
    static boolean rewrite(ClassNode cls) {
        boolean any = false;
        for (MethodNode method : cls.methods) {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof InvokeDynamicInsnNode indy && indy.bsm.getOwner().equals(LMF)) {
                    if (indy.bsm.getName().equals("metafactory")) {
                        indy.bsm = ALT_METAFACTORY;
                        Object[] args = indy.bsmArgs;
                        indy.bsmArgs = new Object[] {args[0], args[1], args[2], FLAG_SERIALIZABLE};
                    } else if (indy.bsm.getName().equals("altMetafactory")) {
                        indy.bsmArgs[3] = ((Integer) indy.bsmArgs[3]) | FLAG_SERIALIZABLE;
                    } else {
                        continue;
                    }
                    any = true;
                }
            }
        }
        boolean interfaceTooOld = (cls.access & Opcodes.ACC_INTERFACE) != 0 && (cls.version & 0xffff) < Opcodes.V9;
        if (any && !interfaceTooOld && cls.methods.stream().noneMatch(m -> m.name.equals(LOOKUP_METHOD))) {
            // (Java 8 interfaces cannot have private methods: their lambdas move only within a loader.)
            MethodNode lookup = new MethodNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                    LOOKUP_METHOD, "()Ljava/lang/invoke/MethodHandles$Lookup;", null, null);
            lookup.instructions.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup",
                    Type.getMethodDescriptor(Type.getObjectType("java/lang/invoke/MethodHandles$Lookup")), false));
            lookup.instructions.add(new InsnNode(Opcodes.ARETURN));
            cls.methods.add(lookup);
        }
        return any;
    }
}
