package dev.ferry.corpus;

/**
 * The order in which a constructor's class is initialized and its arguments are evaluated, which
 * the rewriter must keep although it moves the allocation after the arguments: the static
 * initializer runs first. A class whose initializer fails throws ExceptionInInitializerError at
 * its first construction and NoClassDefFoundError at the later ones, as on a plain JVM.
 */
public class InitializationOrder {
    static final class Lazy {
        static {
            System.out.println("init Lazy");
        }

        final int value;

        Lazy(int value) {
            this.value = value;
        }
    }

    static final class Broken {
        static final int VALUE = fail();

        Broken(int unused) {
        }

        static int fail() {
            throw new IllegalStateException("no");
        }
    }

    public static void main(String[] args) {
        Lazy lazy = new Lazy(log("argument"));
        System.out.println("built " + lazy.value);
        for (int i = 0; i < 3; i++) {
            try {
                new Broken(log("broken argument " + i));
            } catch (Throwable e) { // ExceptionInInitializerError, then NoClassDefFoundError
                System.out.println(e.getClass().getSimpleName());
            }
        }
    }

    static int log(String what) {
        System.out.println(what);
        return what.length();
    }
}
