package dev.ferry.agent.rewrite;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * ASM's {@link SimpleVerifier}, answering class questions from {@link ClassHierarchy} instead of
 * loading classes. Like the JVM's verifier, it lets any reference stand for an interface type.
 */
final class HierarchyVerifier extends SimpleVerifier {
    private final ClassHierarchy hierarchy;

    HierarchyVerifier(ClassHierarchy hierarchy, Type currentClass, Type superClass, List<Type> interfaces, boolean isInterface) {
        super(Opcodes.ASM9, currentClass, superClass, interfaces, isInterface);
        this.hierarchy = hierarchy;
    }

    @Override
    protected boolean isInterface(Type type) {
        return type.getSort() == Type.OBJECT && hierarchy.isInterface(type.getInternalName());
    }

    @Override
    protected Type getSuperClass(Type type) {
        if (type.getSort() != Type.OBJECT) {
            return Type.getObjectType("java/lang/Object");
        }
        String s = hierarchy.superOf(type.getInternalName());
        return s == null ? null : Type.getObjectType(s);
    }

    @Override
    protected boolean isAssignableFrom(Type to, Type from) {
        if (to.equals(from)) {
            return true;
        }
        if (to.getSort() == Type.OBJECT && to.getInternalName().equals("java/lang/Object")) {
            return true;
        }
        if (from.getSort() == Type.OBJECT && from.getInternalName().equals("null")) {
            return true;
        }
        if (to.getSort() == Type.ARRAY) {
            if (from.getSort() != Type.ARRAY) {
                return false;
            }
            Type te = to.getElementType();
            Type fe = from.getElementType();
            if (to.getDimensions() == from.getDimensions()) {
                return te.getSort() >= Type.ARRAY && fe.getSort() >= Type.ARRAY ? isAssignableFrom(te, fe) : te.equals(fe);
            }
            return from.getDimensions() > to.getDimensions() && te.getSort() == Type.OBJECT
                    && isAssignableFrom(te, Type.getObjectType("java/lang/Object"));
        }
        if (from.getSort() == Type.ARRAY) {
            String n = to.getInternalName();
            return n.equals("java/lang/Cloneable") || n.equals("java/io/Serializable");
        }
        if (to.getSort() != Type.OBJECT || from.getSort() != Type.OBJECT) {
            return false;
        }
        return isInterface(to) || hierarchy.isSubtype(from.getInternalName(), to.getInternalName());
    }
}
