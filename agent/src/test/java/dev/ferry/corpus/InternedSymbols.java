package dev.ferry.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * A tokenizer and evaluator that compares symbols by identity, as interpreters do: tokens are
 * interned and tested with {@code ==} against keyword literals and constant fields. After a move to
 * another JVM the symbols it holds must still be that JVM's interned strings, and a string it built
 * without interning must still not be.
 */
public class InternedSymbols {
    static final String LET = "let";
    static final String KEYWORD_PRINT = "print";
    static final List<String> SYMBOLS = new ArrayList<>();

    public static void main(String[] args) {
        String source = "let x 3 let y 4 print x add x y print y mul y y let z 7 print z";
        String[] words = source.split(" ");
        List<String> held = new ArrayList<>();
        for (String w : words) {
            held.add(w.intern());
        }
        String built = new StringBuilder("pri").append("nt").toString(); // equal to a keyword, not interned
        long checksum = 0;
        for (int round = 0; round < 400; round++) {
            int lets = 0;
            int prints = 0;
            int others = 0;
            for (String symbol : held) {
                if (symbol == LET) {
                    lets++;
                } else if (symbol == KEYWORD_PRINT) {
                    prints++;
                } else if (symbol == "add" || symbol == "mul") {
                    others++;
                }
                checksum = checksum * 31 + symbol.hashCode() + work(round);
            }
            String fresh = ("s" + (round % 5)).intern();
            if (SYMBOLS.size() < 5) {
                SYMBOLS.add(fresh);
            }
            boolean seen = false;
            for (String s : SYMBOLS) {
                seen |= s == fresh;
            }
            if (round % 40 == 0) {
                System.out.println(round + ": let=" + lets + " print=" + prints + " ops=" + others + " seen=" + seen
                        + " builtIsKeyword=" + (built == KEYWORD_PRINT) + " builtEquals=" + built.equals(KEYWORD_PRINT)
                        + " " + checksum);
            }
        }
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 20_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 60;
    }
}
