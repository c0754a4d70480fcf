package dev.ferry.runtime.heap;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading and re-creating task lambdas. The rewriter makes every lambda in a task class
 * serializable, so {@link #describe} can read it back as a {@link SerializedLambda}, and gives the
 * capturing class a {@code $ferry$lookup()} so {@link #recreate} can spin the same lambda again
 * in another class loader, with new captured values.
 */
public final class Lambdas {
    private static final String LOOKUP_METHOD = "$ferry$lookup";

    private Lambdas() {
    }

    /** Whether {@code o} is a lambda or method reference object (a JDK-spun hidden class). */
    public static boolean isLambda(Object o) {
        return o != null && o.getClass().isHidden() && o.getClass().getName().contains("$$Lambda");
    }

    /**
     * What a lambda is: capturing class, interface, implementation, captured values.
     *
     * @throws IllegalArgumentException if it is not serializable (created outside task code)
     */
    public static SerializedLambda describe(Object lambda) {
        try {
            Method writeReplace = lambda.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return (SerializedLambda) writeReplace.invoke(lambda);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("lambda " + lambda.getClass().getName() + " was not created by task code"
                    + " (only lambdas in rewritten task classes can move)", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot read lambda " + lambda.getClass().getName() + ": " + e, e);
        }
    }

    /** The types of a lambda's captured values, resolved in {@code loader}, from its description. */
    public static List<Class<?>> capturedTypes(SerializedLambda lambda, ClassLoader loader) throws ClassNotFoundException {
        MethodType impl = MethodType.fromMethodDescriptorString(lambda.getImplMethodSignature(), loader);
        List<Class<?>> all = new ArrayList<>();
        int kind = lambda.getImplMethodKind();
        if (kind == MethodHandleInfo.REF_invokeVirtual || kind == MethodHandleInfo.REF_invokeInterface
                || kind == MethodHandleInfo.REF_invokeSpecial) {
            all.add(load(lambda.getImplClass(), loader));
        }
        all.addAll(impl.parameterList());
        return all.subList(0, lambda.getCapturedArgCount());
    }

    /** Creates the lambda {@code description} names in {@code loader}, capturing {@code captured}. */
    public static Object recreate(SerializedLambda description, ClassLoader loader, Object[] captured) {
        try {
            Class<?> capturing = load(description.getCapturingClass(), loader);
            if (isJdk(capturing)) {
                return recreateJdkLambda(capturing, description, captured);
            }
            Method lookupMethod = capturing.getDeclaredMethod(LOOKUP_METHOD);
            lookupMethod.setAccessible(true);
            MethodHandles.Lookup lookup = (MethodHandles.Lookup) lookupMethod.invoke(null);
            Class<?> iface = load(description.getFunctionalInterfaceClass(), loader);
            Class<?> implClass = load(description.getImplClass(), loader);
            MethodType implType = MethodType.fromMethodDescriptorString(description.getImplMethodSignature(), loader);
            String implName = description.getImplMethodName();
            MethodHandle impl = switch (description.getImplMethodKind()) {
                case MethodHandleInfo.REF_invokeStatic -> lookup.findStatic(implClass, implName, implType);
                case MethodHandleInfo.REF_invokeVirtual, MethodHandleInfo.REF_invokeInterface ->
                        lookup.findVirtual(implClass, implName, implType);
                case MethodHandleInfo.REF_invokeSpecial -> lookup.findSpecial(implClass, implName, implType, capturing);
                case MethodHandleInfo.REF_newInvokeSpecial -> lookup.findConstructor(implClass, implType);
                default -> throw new IllegalArgumentException("unknown implementation kind " + description.getImplMethodKind());
            };
            MethodType factoryType = MethodType.methodType(iface, capturedTypes(description, loader));
            CallSite site = LambdaMetafactory.altMetafactory(lookup, description.getFunctionalInterfaceMethodName(),
                    factoryType,
                    MethodType.fromMethodDescriptorString(description.getFunctionalInterfaceMethodSignature(), loader),
                    impl,
                    MethodType.fromMethodDescriptorString(description.getInstantiatedMethodType(), loader),
                    LambdaMetafactory.FLAG_SERIALIZABLE);
            return site.getTarget().invokeWithArguments(captured);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("cannot re-create a lambda of " + description.getCapturingClass()
                    + ": the class was not rewritten by Ferry", e);
        } catch (Throwable e) {
            throw new IllegalArgumentException("cannot re-create a lambda of " + description.getCapturingClass()
                    + " (" + description.getImplMethodName() + "): " + e, e);
        }
    }

    /**
     * A lambda the JDK made serializable itself ({@code Comparator.comparing(...)},
     * {@code thenComparing}, {@code Map.Entry.comparingByKey()}): its capturing class is the JDK's, the
     * same in every loader, and deserializes its own lambdas ({@code $deserializeLambda$}, which
     * accepts only the lambdas that class creates). Only what it captured is new.
     */
    private static Object recreateJdkLambda(Class<?> capturing, SerializedLambda description, Object[] captured)
            throws ReflectiveOperationException {
        SerializedLambda withCopies = new SerializedLambda(capturing, description.getFunctionalInterfaceClass(),
                description.getFunctionalInterfaceMethodName(), description.getFunctionalInterfaceMethodSignature(),
                description.getImplMethodKind(), description.getImplClass(), description.getImplMethodName(),
                description.getImplMethodSignature(), description.getInstantiatedMethodType(), captured);
        Method deserialize = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
        deserialize.setAccessible(true);
        return deserialize.invoke(null, withCopies);
    }

    private static boolean isJdk(Class<?> c) {
        ClassLoader l = c.getClassLoader();
        return l == null || l == ClassLoader.getPlatformClassLoader();
    }

    private static Class<?> load(String internalName, ClassLoader loader) throws ClassNotFoundException {
        return Class.forName(internalName.replace('/', '.'), false, loader);
    }
}
