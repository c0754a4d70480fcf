package dev.ferry.runtime.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in, during a resume, for a JDK-generated lambda proxy: a captured stack may run from a
 * caller's {@code r.run()} through the proxy into {@code lambda$main$0}; the proxy object itself is
 * not part of the snapshot, so the caller re-invokes this bridge, which calls the lambda body
 * directly (with placeholder arguments; the body restores its own locals). Its frames stay on the
 * stack until the lambda returns, and {@link StackCheck} lets a later capture pass through them.
 */
final class LambdaBridge implements InvocationHandler {
    private final MethodHandle target;
    private final List<Object> placeholders;

    private LambdaBridge(MethodHandle target, List<Object> placeholders) {
        this.target = target;
        this.placeholders = placeholders;
    }

    static Object create(Class<?> iface, Method method, Object self) {
        method.setAccessible(true);
        MethodHandle handle;
        try {
            handle = MethodHandles.lookup().unreflect(method);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot resume " + method + ": " + e.getMessage(), e);
        }
        List<Object> args = new ArrayList<>();
        if (self != null) {
            args.add(self);
        }
        for (Class<?> type : method.getParameterTypes()) {
            args.add(zero(type));
        }
        return Proxy.newProxyInstance(method.getDeclaringClass().getClassLoader(), new Class<?>[] {iface},
                new LambdaBridge(handle, args));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "resume bridge to " + target;
            };
        }
        Object result = target.invokeWithArguments(placeholders);
        return adapt(result, method.getReturnType());
    }

    /** The widening and unboxing a lambda proxy would have done, and a zero while unwinding. */
    private static Object adapt(Object value, Class<?> type) {
        if (!type.isPrimitive() || type == void.class) {
            return value;
        }
        if (value == null) {
            return zero(type);
        }
        if (value instanceof Character c && type != char.class) {
            value = (int) c;
        }
        if (value instanceof Number n) {
            if (type == int.class) {
                return n.intValue();
            } else if (type == long.class) {
                return n.longValue();
            } else if (type == double.class) {
                return n.doubleValue();
            } else if (type == float.class) {
                return n.floatValue();
            } else if (type == short.class) {
                return n.shortValue();
            } else if (type == byte.class) {
                return n.byteValue();
            }
        }
        return value;
    }

    static Object zero(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        } else if (type == boolean.class) {
            return false;
        } else if (type == char.class) {
            return '\0';
        } else if (type == long.class) {
            return 0L;
        } else if (type == float.class) {
            return 0f;
        } else if (type == double.class) {
            return 0d;
        } else if (type == byte.class) {
            return (byte) 0;
        } else if (type == short.class) {
            return (short) 0;
        }
        return 0;
    }
}
