package dev.ferry.corpus;

import java.util.ArrayList;
import java.util.List;

/** Records, sealed interfaces, pattern-matching instanceof, switch expressions (Java 17), text blocks, var. */
public class ModernJava {
    sealed interface Expr permits Num, Add, Mul, Neg {
    }

    record Num(long value) implements Expr {
    }

    record Add(Expr left, Expr right) implements Expr {
    }

    record Mul(Expr left, Expr right) implements Expr {
    }

    record Neg(Expr inner) implements Expr {
    }

    static long eval(Expr e) {
        if (e instanceof Num n) {
            return n.value() + spin(n.value()) % 2;
        } else if (e instanceof Add a) {
            return eval(a.left()) + eval(a.right());
        } else if (e instanceof Mul m) {
            return eval(m.left()) * eval(m.right()) % 1_000_003;
        } else if (e instanceof Neg neg) {
            return -eval(neg.inner());
        }
        throw new IllegalArgumentException();
    }

    static String describe(Object o) {
        String kind = o instanceof Num n ? (n.value() > 5 ? "big " : "small ") + n.value() : o instanceof Add ? "sum" : "other";
        return switch (kind.charAt(0)) {
            case 'b', 's' -> kind;
            default -> "other";
        };
    }

    public static void main(String[] args) {
        var header = """
                modern java
                  corpus
                """;
        System.out.print(header);
        List<Expr> exprs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Expr e = new Add(new Num(i), new Mul(new Num(i + 1), new Neg(new Num(i % 7))));
            exprs.add(e);
            var value = eval(e);
            System.out.println(i + " " + value + " " + describe(((Add) e).left()) + " " + e.hashCode());
        }
        System.out.println(exprs.get(3));
    }

    static long spin(long seed) {
        long x = seed;
        for (int i = 0; i < 20_000; i++) {
            x = x * 6364136223846793005L + 1;
        }
        return x >>> 60;
    }
}
