package dev.ferry.corpus;

/** Custom exceptions, multi-catch, try-with-resources over a task resource, rethrow after resume. */
public class Exceptions {
    static final class Budget extends Exception {
        private static final long serialVersionUID = 1L;

        Budget(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final class Resource implements AutoCloseable {
        final String name;

        Resource(String name) {
            this.name = name;
            System.out.println("open " + name);
        }

        long use(int i) {
            return work(i);
        }

        @Override
        public void close() {
            System.out.println("close " + name + " " + work(1) % 10);
        }
    }

    public static void main(String[] args) {
        for (int i = 0; i < 25; i++) {
            try (Resource a = new Resource("a" + i); Resource b = new Resource("b" + i)) {
                long v = a.use(i) + b.use(i + 1);
                System.out.println("used " + v + " " + risky(i));
            } catch (Budget e) {
                System.out.println("budget: " + e.getMessage() + " cause " + e.getCause().getClass().getSimpleName());
            } catch (ArithmeticException | ArrayIndexOutOfBoundsException e) {
                System.out.println("runtime: " + e.getClass().getSimpleName() + " " + work(i) % 100);
            }
        }
    }

    static long risky(int i) throws Budget {
        long w = work(i);
        try {
            if (i % 4 == 1) {
                return w / (i - i);
            }
            if (i % 4 == 2) {
                int[] small = new int[1];
                return small[i];
            }
            if (i % 4 == 3) {
                throw new IllegalStateException("state " + w % 10);
            }
            return w;
        } catch (IllegalStateException e) {
            throw new Budget("over at " + i + " after " + work(i + 1) % 1000, e);
        }
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 40_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 44;
    }
}
