package dev.ferry.runtime.engine;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which strings are the JVM's interned ones, so that a snapshot can say so and the reading JVM
 * interns them again: task code compares them with {@code ==} ({@code sym == "let"} in an
 * interpreter), and a string rebuilt from its characters on another JVM is otherwise a new object.
 *
 * <p>The JVM cannot be asked whether a string is interned without interning it, so Ferry knows it
 * from the two ways task code gets one: a literal (or constant field) of a task class, whose
 * values the task class loader files here as it defines each class, interned then and kept, so the
 * literal's {@code ldc} later resolves to the very same object; and {@code String.intern()}, which
 * the rewriter sends through {@link Engine#intern}, filed here weakly (a task that interns its
 * input does not fill the host's memory after it is gone). <strong>Internal</strong>: public for
 * the snapshot codec and rewritten code.
 */
public final class InternedStrings {
    /**
     * Literal values of every task class defined on this JVM, each mapped to its interned instance.
     * Held for good: their number is bounded by the code run here, not by its data, and the same
     * program's classes, loaded again for each move, add nothing.
     */
    private static final Map<String, String> LITERALS = new ConcurrentHashMap<>();
    /** Interned by task code at run time (or by a snapshot read here); weak keys, guarded by itself. */
    private static final Map<String, Boolean> INTERNED = new WeakHashMap<>();
    /** Whether {@link #INTERNED} was ever written to: most tasks never call intern(). */
    private static volatile boolean anyInterned;

    private InternedStrings() {
    }

    /** Files the string constants of a task class being defined. */
    static void literals(Iterable<String> values) {
        for (String value : values) {
            if (!LITERALS.containsKey(value)) {
                String interned = value.intern();
                LITERALS.putIfAbsent(interned, interned);
            }
        }
    }

    /** What task code's {@code s.intern()} does, noting the result. */
    static String intern(String s) {
        String interned = s.intern(); // throws NullPointerException for null, as s.intern() would
        noteInterned(interned);
        return interned;
    }

    /**
     * Notes {@code interned}, the JVM's interned instance of its value (a snapshot's reader re-interns
     * such strings and notes them, so that a move after this one still knows them).
     */
    public static void noteInterned(String interned) {
        if (LITERALS.containsKey(interned)) {
            return;
        }
        synchronized (INTERNED) {
            INTERNED.put(interned, Boolean.TRUE);
        }
        anyInterned = true;
    }

    /** Whether {@code s} is the JVM's interned instance of its value, as far as task code can tell. */
    public static boolean isInterned(String s) {
        String literal = LITERALS.get(s);
        if (literal != null) {
            return literal == s;
        }
        if (!anyInterned) {
            return false;
        }
        synchronized (INTERNED) {
            if (!INTERNED.containsKey(s)) {
                return false;
            }
        }
        // An interned string of this value is alive (its weak key was), so this lookup adds nothing.
        return s.intern() == s;
    }
}
