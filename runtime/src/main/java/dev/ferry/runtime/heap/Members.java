package dev.ferry.runtime.heap;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reflective members — {@link Method}, {@link Field}, {@link Constructor}, and the
 * {@link java.lang.reflect.TypeVariable}s of classes and members — kept by a task (an
 * interpreter's or a framework's cache of what it calls): they travel as what names them (the
 * declaring class, the name, the parameter types, and whether it was made accessible) and are
 * looked up again where the task resumes, in its class loader. Their fields cannot be copied: the
 * JDK hides them from reflection, or fills them in itself.
 */
public final class Members {
    private Members() {
    }

    /** Whether objects of {@code c} are reflective members (or a type variable of one) that travel by name. */
    public static boolean isMember(Class<?> c) {
        return c == Method.class || c == Field.class || c == Constructor.class
                || java.lang.reflect.TypeVariable.class.isAssignableFrom(c) && c.getClassLoader() == null;
    }

    /** What names {@code member}: its kind, declaring class, name, parameter types and accessibility, a line each. */
    @SuppressWarnings("deprecation") // isAccessible is the flag itself; canAccess asks a different question
    public static String describe(Object member) {
        StringBuilder text = new StringBuilder();
        Class<?> declaring;
        String name;
        Class<?>[] parameters = new Class<?>[0];
        if (member instanceof Method m) {
            text.append('M');
            declaring = m.getDeclaringClass();
            name = m.getName();
            parameters = m.getParameterTypes();
        } else if (member instanceof Constructor<?> c) {
            text.append('C');
            declaring = c.getDeclaringClass();
            name = "<init>";
            parameters = c.getParameterTypes();
        } else if (member instanceof Field f) {
            text.append('F');
            declaring = f.getDeclaringClass();
            name = f.getName();
        } else if (member instanceof java.lang.reflect.TypeVariable<?> v) {
            // A type variable of a class, method or constructor: its name, then what declares it.
            Object declaration = v.getGenericDeclaration();
            return "T-\n" + v.getName() + "\n" + (declaration instanceof Class<?> c ? "K-\n" + c.getName() : describe(declaration));
        } else {
            throw new IllegalArgumentException("not a reflective member: " + member.getClass().getName());
        }
        text.append(((AccessibleObject) member).isAccessible() ? '+' : '-');
        text.append('\n').append(declaring.getName()).append('\n').append(name);
        for (Class<?> p : parameters) {
            text.append('\n').append(p.getName());
        }
        return text.toString();
    }

    /**
     * The member {@code text} (from {@link #describe}) names, its classes found with {@code load}.
     *
     * @throws IllegalArgumentException if the text is malformed or the member does not exist there
     */
    public static Object resolve(String text, Function<String, Class<?>> load) {
        String[] lines = text.split("\n", -1);
        if (lines.length >= 4 && lines[0].equals("T-")) {
            String declaration = text.substring(lines[0].length() + lines[1].length() + 2);
            Object declaring = declaration.startsWith("K-\n") ? load.apply(declaration.substring(3)) : resolve(declaration, load);
            for (java.lang.reflect.TypeVariable<?> v : ((java.lang.reflect.GenericDeclaration) declaring).getTypeParameters()) {
                if (v.getName().equals(lines[1])) {
                    return v;
                }
            }
            throw new IllegalArgumentException("the type variable " + lines[1] + " the task kept is not declared by "
                    + declaring + " in this JVM");
        }
        if (lines.length < 3 || lines[0].length() != 2) {
            throw new IllegalArgumentException("not a reflective member's description: " + text);
        }
        Class<?> declaring = load.apply(lines[1]);
        List<Class<?>> parameters = new ArrayList<>();
        for (int i = 3; i < lines.length; i++) {
            Class<?> p = PrimitiveTypes.named(lines[i]);
            parameters.add(p != null ? p : load.apply(lines[i]));
        }
        Class<?>[] types = parameters.toArray(new Class<?>[0]);
        AccessibleObject member;
        try {
            member = switch (lines[0].charAt(0)) {
                case 'M' -> declaring.getDeclaredMethod(lines[2], types);
                case 'C' -> declaring.getDeclaredConstructor(types);
                case 'F' -> declaring.getDeclaredField(lines[2]);
                default -> throw new IllegalArgumentException("not a reflective member's kind: " + lines[0]);
            };
        } catch (NoSuchMethodException | NoSuchFieldException e) {
            throw new IllegalArgumentException("the reflective member " + lines[1] + "." + lines[2]
                    + " the task kept is not in this JVM's " + lines[1], e);
        }
        if (lines[0].charAt(1) == '+') {
            try {
                member.setAccessible(true);
            } catch (RuntimeException e) { // InaccessibleObjectException: this JVM does not open that package
                throw new IllegalArgumentException("the reflective member " + lines[1] + "." + lines[2] + " was made"
                        + " accessible where the task ran, and cannot be here: " + e.getMessage(), e);
            }
        }
        return member;
    }

    /** {@code member} as a member of the same-named class that {@code mapClass} gives (a copy into another loader). */
    static Object remap(Object member, Function<Class<?>, Class<?>> mapClass) {
        Object owner = member instanceof java.lang.reflect.TypeVariable<?> v ? v.getGenericDeclaration() : member;
        Class<?> declaring = owner instanceof Class<?> c ? c
                : owner instanceof Executable e ? e.getDeclaringClass() : ((Field) owner).getDeclaringClass();
        if (mapClass.apply(declaring) == declaring) {
            return member; // a JDK member, or the same loader: the member itself
        }
        return resolve(describe(member), name -> {
            try {
                return mapClass.apply(Class.forName(name, false, declaring.getClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("class " + name + " of a reflective member is gone", e);
            }
        });
    }
}
