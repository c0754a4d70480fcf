package dev.ferry.agent.rewrite;

import dev.ferry.runtime.engine.ClassRewriter.ClassPathView;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * The class hierarchy as the class files say, read without loading any class: the rewriter runs
 * while the task's class loader is defining a class, and loading others from there could recurse
 * or initialize them early.
 */
final class ClassHierarchy {
    record Info(String name, String superName, String[] interfaces, int access) {
        boolean isInterface() {
            return (access & Opcodes.ACC_INTERFACE) != 0;
        }

        boolean isFinal() {
            return (access & Opcodes.ACC_FINAL) != 0;
        }
    }

    private static final Info MISSING = new Info("", null, new String[0], 0);

    /** Weak: the rewriter caches hierarchies per class path, and must not keep task loaders alive. */
    private final java.lang.ref.WeakReference<ClassPathView> classPath;
    private final Map<String, Info> cache = new ConcurrentHashMap<>();

    private final QuietMethods quietMethods = new QuietMethods(this);

    ClassHierarchy(ClassPathView classPath) {
        this.classPath = new java.lang.ref.WeakReference<>(classPath);
    }

    /** The task methods of this class path that can never capture. */
    QuietMethods quietMethods() {
        return quietMethods;
    }

    ClassPathView classPath() {
        ClassPathView view = classPath.get();
        if (view == null) {
            throw new IllegalStateException("the class path this hierarchy describes is gone");
        }
        return view;
    }

    /** What the class file of {@code internalName} says, or null if there is none. */
    Info info(String internalName) {
        Info info = cache.computeIfAbsent(internalName, name -> {
            byte[] bytes = classPath().classBytes(name);
            if (bytes == null) {
                return MISSING;
            }
            ClassReader reader = new ClassReader(bytes);
            return new Info(name, reader.getSuperName(), reader.getInterfaces(), reader.getAccess());
        });
        return info == MISSING ? null : info;
    }

    boolean isInterface(String internalName) {
        Info info = info(internalName);
        return info != null && info.isInterface();
    }

    /** Whether a value of class {@code sub} can be assigned to {@code sup} (classes and interfaces, no arrays). */
    boolean isSubtype(String sub, String sup) {
        if (sub.equals(sup) || sup.equals("java/lang/Object")) {
            return true;
        }
        Deque<String> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.add(sub);
        while (!todo.isEmpty()) {
            Info info = info(todo.poll());
            if (info == null) {
                continue;
            }
            if (info.superName() != null && seen.add(info.superName())) {
                if (info.superName().equals(sup)) {
                    return true;
                }
                todo.add(info.superName());
            }
            for (String i : info.interfaces()) {
                if (seen.add(i)) {
                    if (i.equals(sup)) {
                        return true;
                    }
                    todo.add(i);
                }
            }
        }
        return false;
    }

    /** The closest common superclass, as the verifier merges two class types. */
    String commonSuperClass(String a, String b) {
        if (isSubtype(b, a)) {
            return a;
        }
        if (isSubtype(a, b)) {
            return b;
        }
        if (isInterface(a) || isInterface(b)) {
            return "java/lang/Object";
        }
        Set<String> supersOfA = new HashSet<>();
        for (String c = a; c != null; c = superOf(c)) {
            supersOfA.add(c);
        }
        for (String c = b; c != null; c = superOf(c)) {
            if (supersOfA.contains(c)) {
                return c;
            }
        }
        return "java/lang/Object";
    }

    String superOf(String internalName) {
        Info info = info(internalName);
        return info == null ? null : info.superName();
    }
}
