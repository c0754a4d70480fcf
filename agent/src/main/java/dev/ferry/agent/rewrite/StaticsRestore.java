package dev.ferry.agent.rewrite;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Makes a class's static initializer restorable. Static fields are part of a task's state; on the
 * resuming side the original {@code <clinit>} must not run again (it would reset counters, print
 * twice, allocate a second cache). The prefix added here asks the engine whether the class's
 * captured statics are at hand; if so it assigns every static field from them — legal for final
 * fields too, since it runs inside {@code <clinit>} — and returns. Otherwise the original
 * initializer runs, and the engine notes the class as initialized so a later capture saves its statics.
 */
final class StaticsRestore {
    private StaticsRestore() {
    }

    static void addPrefix(ClassNode cls) {
        boolean hasStatics = cls.fields.stream().anyMatch(f -> (f.access & Opcodes.ACC_STATIC) != 0);
        if (!hasStatics) {
            return;
        }
        MethodNode clinit = cls.methods.stream().filter(m -> m.name.equals("<clinit>")).findFirst().orElse(null);
        if (clinit == null) {
            clinit = new MethodNode(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
            clinit.instructions.add(new InsnNode(Opcodes.RETURN));
            cls.methods.add(clinit);
        }
        Type self = Type.getObjectType(cls.name);
        InsnList prefix = new InsnList();
        LabelNode original = new LabelNode();
        prefix.add(new LdcInsnNode(self));
        prefix.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Sites.ENGINE, "clinit", "(Ljava/lang/Class;)Z", false));
        prefix.add(new JumpInsnNode(Opcodes.IFEQ, original));
        for (FieldNode field : cls.fields) {
            if ((field.access & Opcodes.ACC_STATIC) == 0) {
                continue;
            }
            prefix.add(new LdcInsnNode(self));
            prefix.add(new LdcInsnNode(field.name));
            prefix.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Sites.ENGINE, "staticValue",
                    "(Ljava/lang/Class;Ljava/lang/String;)Ljava/lang/Object;", false));
            unbox(prefix, Type.getType(field.desc));
            prefix.add(new FieldInsnNode(Opcodes.PUTSTATIC, cls.name, field.name, field.desc));
        }
        prefix.add(new InsnNode(Opcodes.RETURN));
        prefix.add(original);
        clinit.instructions.insert(prefix);
    }

    /** Turns the Object on the stack into a value of {@code type}, as {@code Field.get} boxed it. */
    private static void unbox(InsnList list, Type type) {
        String box = switch (type.getSort()) {
            case Type.BOOLEAN -> "java/lang/Boolean";
            case Type.BYTE -> "java/lang/Byte";
            case Type.CHAR -> "java/lang/Character";
            case Type.SHORT -> "java/lang/Short";
            case Type.INT -> "java/lang/Integer";
            case Type.LONG -> "java/lang/Long";
            case Type.FLOAT -> "java/lang/Float";
            case Type.DOUBLE -> "java/lang/Double";
            default -> null;
        };
        if (box == null) {
            list.add(new TypeInsnNode(Opcodes.CHECKCAST, type.getInternalName()));
            return;
        }
        list.add(new TypeInsnNode(Opcodes.CHECKCAST, box));
        list.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, box, type.getClassName() + "Value", "()" + type.getDescriptor(), false));
    }
}
