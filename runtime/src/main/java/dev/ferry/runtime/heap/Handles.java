package dev.ferry.runtime.heap;

import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDesc;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.MethodHandleDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Method and variable handles kept by a task — nearly always in a {@code static final} field that
 * a library's initializer filled with {@code MethodHandles.lookup().findVarHandle(...)} (Guava's
 * futures, lock-free queues, any code that replaced {@code AtomicXFieldUpdater}s) — travel as what
 * made them: a field's declaring class, name and type; an array type; a method's kind, owner, name
 * and type. Where the task resumes they are looked up again, in its class loader, with the access
 * of the class that declares the member. Their fields cannot be copied: the JVM fills them in.
 *
 * <p>Only handles the JDK can describe ({@link VarHandle#describeConstable()},
 * {@link MethodHandle#describeConstable()}) travel: field, static field and array element var
 * handles, and direct method handles. A handle built by combinators ({@code bindTo},
 * {@code filterReturnValue}, …) is code, not a name; it stays where it is and keeps the task from
 * moving, with a message saying so.
 */
public final class Handles {
    private Handles() {
    }

    /** Whether objects of {@code c} are the JDK's method or variable handles. */
    public static boolean isHandle(Class<?> c) {
        return c.getClassLoader() == null && (VarHandle.class.isAssignableFrom(c) || MethodHandle.class.isAssignableFrom(c));
    }

    /** Whether {@code handle} can travel: the JDK can describe it as what made it (see {@link #describe}). */
    static boolean travels(Object handle) {
        return handle instanceof VarHandle v ? v.describeConstable().isPresent()
                : handle instanceof MethodHandle m && m.describeConstable().filter(DirectMethodHandleDesc.class::isInstance).isPresent();
    }

    /** The public type a handle is written under: {@code java.lang.invoke.VarHandle} or {@code …MethodHandle}. */
    public static String typeName(Class<?> c) {
        return VarHandle.class.isAssignableFrom(c) ? VarHandle.class.getName() : MethodHandle.class.getName();
    }

    /**
     * What made {@code handle}, a line each: {@code V} and the bootstrap that makes such a var
     * handle ({@code fieldVarHandle}, {@code staticFieldVarHandle}, {@code arrayVarHandle}), the
     * field's name, then the class names (declaring class and field type, or the array type); or
     * {@code H}, the direct method handle's kind, its owner, name and lookup descriptor.
     *
     * @throws IllegalArgumentException if the handle is not one the JDK can describe
     */
    public static String describe(Object handle) {
        if (handle instanceof VarHandle v) {
            Optional<VarHandle.VarHandleDesc> described = v.describeConstable();
            if (described.isEmpty()) {
                throw new IllegalArgumentException("a " + v + " that is not a field's or an array's elements'"
                        + " (a byte-array view, say) cannot be described to another JVM");
            }
            VarHandle.VarHandleDesc d = described.get();
            StringBuilder text = new StringBuilder("V\n").append(d.bootstrapMethod().methodName()).append('\n')
                    .append(d.constantName());
            for (ConstantDesc arg : d.bootstrapArgsList()) {
                text.append('\n').append(nameOf((ClassDesc) arg));
            }
            return text.toString();
        }
        if (handle instanceof MethodHandle m) {
            Optional<MethodHandleDesc> described = m.describeConstable();
            if (described.isEmpty() || !(described.get() instanceof DirectMethodHandleDesc d)) {
                throw new IllegalArgumentException("a method handle " + m.type() + " built by combinators (bound, adapted,"
                        + " filtered) is code, not a name of a method, and cannot be described to another JVM;"
                        + " keep it in a transient field and build it again when the task resumes (Resumable)");
            }
            return "H\n" + d.kind().name() + "\n" + nameOf(d.owner()) + "\n" + d.methodName() + "\n" + d.lookupDescriptor();
        }
        throw new IllegalArgumentException("not a method or variable handle: " + handle.getClass().getName());
    }

    /**
     * The handle {@code text} (from {@link #describe}) describes, looked up with the access of the
     * class that declares its member, its classes found with {@code load}.
     *
     * @throws IllegalArgumentException if the text is malformed, or the member is not there or not accessible
     */
    public static Object resolve(String text, Function<String, Class<?>> load) {
        String[] lines = text.split("\n", -1);
        try {
            if (lines.length >= 4 && lines[0].equals("V")) {
                Class<?> first = load.apply(lines[3]);
                return switch (lines[1]) {
                    case "arrayVarHandle" -> MethodHandles.arrayElementVarHandle(first);
                    case "fieldVarHandle", "staticFieldVarHandle" -> {
                        if (lines.length != 5) {
                            throw new IllegalArgumentException("not a field's var handle: " + text);
                        }
                        Class<?> type = primitiveOr(lines[4], load);
                        MethodHandles.Lookup lookup = lookupIn(first);
                        yield lines[1].equals("fieldVarHandle") ? lookup.findVarHandle(first, lines[2], type)
                                : lookup.findStaticVarHandle(first, lines[2], type);
                    }
                    default -> throw new IllegalArgumentException("not a kind of var handle: " + lines[1]);
                };
            }
            if (lines.length == 5 && lines[0].equals("H")) {
                Class<?> owner = load.apply(lines[2]);
                DirectMethodHandleDesc d = MethodHandleDesc.of(DirectMethodHandleDesc.Kind.valueOf(lines[1]),
                        ClassDesc.ofDescriptor(owner.descriptorString()), lines[3], lines[4]);
                return d.resolveConstantDesc(lookupIn(owner));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("the handle the task kept (" + text.replace('\n', ' ')
                    + ") cannot be made in this JVM: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("not a handle's description: " + text.replace('\n', ' '));
    }

    /**
     * {@code handle} made again in {@code target} (a copy into another task loader), whose classes
     * have the same names; the handle itself when none of the classes it names is a task's.
     *
     * @throws IllegalArgumentException if the handle cannot be described, or made again there
     */
    static Object remap(Object handle, ClassLoader target) {
        String text = describe(handle);
        Function<String, Class<?>> load = name -> {
            try {
                return Class.forName(name, false, target);
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("class " + name + " of a handle is not on the target class path", e);
            }
        };
        boolean ofTask = false;
        for (String name : classNames(text)) {
            Class<?> c = primitiveOr(name, load);
            ofTask |= dev.ferry.runtime.engine.Tasks.isTaskClass(c.isArray() ? baseOf(c) : c);
        }
        return ofTask ? resolve(text, load) : handle;
    }

    private static Class<?> baseOf(Class<?> array) {
        Class<?> c = array;
        while (c.isArray()) {
            c = c.getComponentType();
        }
        return c;
    }

    /**
     * The declaring class's own access where it allows it (a task's classes, in unnamed modules, do),
     * else public access: what the task's {@code MethodHandles.lookup()} had, or less.
     */
    private static MethodHandles.Lookup lookupIn(Class<?> declaring) {
        try {
            return MethodHandles.privateLookupIn(declaring, MethodHandles.lookup());
        } catch (IllegalAccessException | RuntimeException e) {
            return MethodHandles.publicLookup();
        }
    }

    private static Class<?> primitiveOr(String name, Function<String, Class<?>> load) {
        Class<?> primitive = PrimitiveTypes.named(name);
        return primitive != null ? primitive : load.apply(name);
    }

    /** The name {@link Class#forName} takes (or a primitive's), from a nominal class descriptor. */
    private static String nameOf(ClassDesc c) {
        String d = c.descriptorString();
        if (c.isPrimitive()) {
            return c.displayName();
        }
        return c.isArray() ? d.replace('/', '.') : d.substring(1, d.length() - 1).replace('/', '.');
    }

    /** The classes a description names by name (a method handle's others are in its descriptor). */
    private static List<String> classNames(String text) {
        String[] lines = text.split("\n", -1);
        return lines[0].equals("V") ? List.of(lines).subList(3, lines.length) : List.of(lines[2]);
    }
}
