package dev.ferry.jdk21;

import java.util.*;
import java.util.function.*;

/**
 * A Lisp interpreter written with the language of JDK 21 — sealed interfaces, records, pattern
 * matching switch with guards, text blocks — compiled with {@code --release 21}: tail calls by
 * exception, closures in environment chains, builtins as lambdas in records.
 */
public class Lisp {
    sealed interface Val permits Num, Sym, Cons, Nil, Fn, Builtin {}
    record Num(long v) implements Val { public String toString() { return Long.toString(v); } }
    record Sym(String name) implements Val { public String toString() { return name; } }
    record Cons(Val car, Val cdr) implements Val {
        public String toString() {
            StringBuilder b = new StringBuilder("(");
            Val v = this;
            boolean first = true;
            while (v instanceof Cons c) { if (!first) b.append(' '); b.append(c.car); first = false; v = c.cdr; }
            if (!(v instanceof Nil)) b.append(" . ").append(v);
            return b.append(')').toString();
        }
    }
    enum Nil implements Val { NIL; public String toString() { return "()"; } }
    record Fn(List<String> params, Val body, Env env) implements Val { public String toString() { return "<fn>"; } }
    record Builtin(String name, Function<List<Val>, Val> f) implements Val { public String toString() { return "<" + name + ">"; } }

    static final class Env {
        final Map<String, Val> vars = new HashMap<>();
        final Env parent;
        Env(Env parent) { this.parent = parent; }
        Val get(String n) {
            for (Env e = this; e != null; e = e.parent) { Val v = e.vars.get(n); if (v != null) return v; }
            throw new LispError("unbound " + n);
        }
        void set(String n, Val v) {
            for (Env e = this; e != null; e = e.parent) if (e.vars.containsKey(n)) { e.vars.put(n, v); return; }
            throw new LispError("set! of unbound " + n);
        }
    }
    static final class LispError extends RuntimeException { LispError(String m) { super(m); } }
    static final class TailCall extends RuntimeException {
        final Val expr; final Env env;
        TailCall(Val expr, Env env) { super(null, null, false, false); this.expr = expr; this.env = env; }
    }

    // --- reader ---
    static final class Reader {
        private final String src; private int pos;
        Reader(String src) { this.src = src; }
        Val read() {
            skip();
            char c = src.charAt(pos);
            if (c == '(') { pos++; return list(); }
            if (c == '\'') { pos++; return new Cons(new Sym("quote"), new Cons(read(), Nil.NIL)); }
            int start = pos;
            while (pos < src.length() && !Character.isWhitespace(src.charAt(pos)) && src.charAt(pos) != '(' && src.charAt(pos) != ')') pos++;
            String tok = src.substring(start, pos);
            try { return new Num(Long.parseLong(tok)); } catch (NumberFormatException e) { return new Sym(tok); }
        }
        private Val list() {
            skip();
            if (src.charAt(pos) == ')') { pos++; return Nil.NIL; }
            Val head = read();
            return new Cons(head, list());
        }
        private void skip() { while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++; }
        boolean more() { skip(); return pos < src.length(); }
    }

    static List<Val> toList(Val v) { List<Val> out = new ArrayList<>(); while (v instanceof Cons c) { out.add(c.car); v = c.cdr; } return out; }
    static Val fromList(List<Val> l) { Val r = Nil.NIL; for (int i = l.size() - 1; i >= 0; i--) r = new Cons(l.get(i), r); return r; }
    static long n(Val v) { if (v instanceof Num x) return x.v; throw new LispError("not a number: " + v); }

    static Val eval(Val x, Env env) {
        while (true) {
            try {
                return eval1(x, env);
            } catch (TailCall t) {
                x = t.expr; env = t.env;
            }
        }
    }

    static Val eval1(Val x, Env env) {
        switch (x) {
            case Num num: return num;
            case Sym s: return env.get(s.name());
            case Cons c when c.car() instanceof Sym op: {
                switch (op.name()) {
                    case "quote": return ((Cons) c.cdr()).car();
                    case "if": {
                        List<Val> a = toList(c.cdr());
                        Val test = eval(a.get(0), env);
                        boolean truth = !(test instanceof Nil) && !(test instanceof Num nn && nn.v() == 0);
                        throw new TailCall(truth ? a.get(1) : a.size() > 2 ? a.get(2) : Nil.NIL, env);
                    }
                    case "define": {
                        List<Val> a = toList(c.cdr());
                        if (a.get(0) instanceof Cons sig) {
                            List<String> ps = new ArrayList<>();
                            for (Val p : toList(sig.cdr())) ps.add(((Sym) p).name());
                            env.vars.put(((Sym) sig.car()).name(), new Fn(ps, a.get(1), env));
                        } else {
                            env.vars.put(((Sym) a.get(0)).name(), eval(a.get(1), env));
                        }
                        return Nil.NIL;
                    }
                    case "set!": { List<Val> a = toList(c.cdr()); env.set(((Sym) a.get(0)).name(), eval(a.get(1), env)); return Nil.NIL; }
                    case "lambda": {
                        List<Val> a = toList(c.cdr());
                        List<String> ps = new ArrayList<>();
                        for (Val p : toList(a.get(0))) ps.add(((Sym) p).name());
                        return new Fn(ps, a.get(1), env);
                    }
                    case "begin": {
                        List<Val> a = toList(c.cdr());
                        for (int i = 0; i < a.size() - 1; i++) eval(a.get(i), env);
                        throw new TailCall(a.get(a.size() - 1), env);
                    }
                    default: return apply(c, env);
                }
            }
            case Cons c: return apply(c, env);
            default: return x;
        }
    }

    static Val apply(Cons c, Env env) {
        Val f = eval(c.car(), env);
        List<Val> args = new ArrayList<>();
        for (Val a : toList(c.cdr())) args.add(eval(a, env));
        if (f instanceof Builtin b) return b.f().apply(args);
        if (f instanceof Fn fn) {
            Env local = new Env(fn.env());
            for (int i = 0; i < fn.params().size(); i++) local.vars.put(fn.params().get(i), args.get(i));
            throw new TailCall(fn.body(), local);
        }
        throw new LispError("not a function: " + f);
    }

    static Env global() {
        Env g = new Env(null);
        BiFunction<String, BinaryOperator<Long>, Builtin> arith = (name, op) -> new Builtin(name, a -> {
            long r = n(a.get(0));
            for (int i = 1; i < a.size(); i++) r = op.apply(r, n(a.get(i)));
            return new Num(r);
        });
        for (Builtin b : List.of(arith.apply("+", Long::sum), arith.apply("-", (p, q) -> p - q), arith.apply("*", (p, q) -> p * q),
                arith.apply("mod", (p, q) -> p % q), arith.apply("/", (p, q) -> p / q))) g.vars.put(b.name(), b);
        g.vars.put("<", new Builtin("<", a -> new Num(n(a.get(0)) < n(a.get(1)) ? 1 : 0)));
        g.vars.put("=", new Builtin("=", a -> new Num(a.get(0).equals(a.get(1)) ? 1 : 0)));
        g.vars.put("cons", new Builtin("cons", a -> new Cons(a.get(0), a.get(1))));
        g.vars.put("car", new Builtin("car", a -> ((Cons) a.get(0)).car()));
        g.vars.put("cdr", new Builtin("cdr", a -> ((Cons) a.get(0)).cdr()));
        g.vars.put("null?", new Builtin("null?", a -> new Num(a.get(0) == Nil.NIL ? 1 : 0)));
        g.vars.put("list", new Builtin("list", Lisp::fromList));
        g.vars.put("display", new Builtin("display", a -> { System.out.println(a.get(0)); return Nil.NIL; }));
        return g;
    }

    static final String PROGRAM = """
        (define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
        (define (range a b) (if (< a b) (cons a (range (+ a 1) b)) '()))
        (define (map f xs) (if (null? xs) '() (cons (f (car xs)) (map f (cdr xs)))))
        (define (loop i acc) (if (< i 200000) (loop (+ i 1) (mod (+ (* acc 31) i) 1000003)) acc))
        (define counter 0)
        (define (tick) (begin (set! counter (+ counter 1)) counter))
        (display (map fib (range 0 22)))
        (display (loop 0 7))
        (display (map (lambda (x) (* x (tick))) (range 1 10)))
        (define (sieve xs) (if (null? xs) '() (cons (car xs) (sieve (filter (lambda (y) (< 0 (mod y (car xs)))) (cdr xs))))))
        (define (filter p xs) (if (null? xs) '() (if (p (car xs)) (cons (car xs) (filter p (cdr xs))) (filter p (cdr xs)))))
        (display (sieve (range 2 400)))
        (display (fib 24))
        (display (loop 0 11))
        """;

    public static void main(String[] args) {
        Env g = global();
        Reader r = new Reader(PROGRAM);
        while (r.more()) {
            try {
                eval(r.read(), g);
            } catch (LispError e) {
                System.out.println("error: " + e.getMessage());
            }
        }
    }
}
