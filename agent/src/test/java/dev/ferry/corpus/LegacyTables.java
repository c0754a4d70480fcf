package dev.ferry.corpus;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tokenizer's tables as older and newer code writes them: {@code Set.of} and {@code Map.of}
 * keyword and precedence tables, and a {@code Hashtable} of symbols that hash by identity (no
 * hashCode of their own), looked up on every token. A {@code Hashtable} keeps each entry's hash, so
 * after a move its identity-hashed keys must be filed again or every lookup misses.
 */
public class LegacyTables {
    static final Set<String> KEYWORDS = Set.of("let", "in", "if", "then", "else", "fun", "rec", "and", "or", "not", "while", "do");
    static final Map<String, Integer> PRECEDENCE = Map.of("+", 1, "-", 1, "*", 2, "/", 2, "%", 2, "^", 3, "<", 0, ">", 0, "==", 0, "!=", 0);

    static final class Symbol {
        final String name;

        Symbol(String name) {
            this.name = name;
        }
    }

    static final Hashtable<Symbol, Integer> SYMBOLS = new Hashtable<>();
    static final List<Symbol> ALL = new ArrayList<>();

    static long spin(long x) {
        for (int i = 0; i < 20; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 40;
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        for (int i = 0; i < 64; i++) {
            Symbol s = new Symbol("s" + i);
            ALL.add(s);
            SYMBOLS.put(s, i);
        }
        String[] tokens = ("let x = fun a , b ; if a < b then a * b + 3 else not ( a % b ) ^ 2 ; while x != 0 do x = x - 1")
                .split(" ");
        long check = 0;
        for (int round = 0; round < rounds; round++) {
            long acc = 0;
            for (String t : tokens) {
                if (KEYWORDS.contains(t)) {
                    acc += spin(t.length() + round);
                } else if (PRECEDENCE.containsKey(t)) {
                    acc += PRECEDENCE.get(t) * 7 + spin(round);
                } else {
                    acc -= t.hashCode();
                }
            }
            Symbol s = ALL.get(round % ALL.size());
            Integer index = SYMBOLS.get(s);
            acc += index == null ? -1_000_000 : index;
            check = check * 31 + acc;
            if (round % (rounds / 6) == 0) {
                System.out.println("round " + round + " acc=" + acc + " " + s.name + " -> " + index);
            }
        }
        System.out.println("check=" + check);
    }
}
