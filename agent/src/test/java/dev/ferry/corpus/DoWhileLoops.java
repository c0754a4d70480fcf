package dev.ferry.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * Loops whose jump back carries values: javac compiles a do-while's condition to a compare-and-jump
 * at the bottom, so the back-edge safepoint has the compared values on the operand stack (two ints,
 * a long comparison's result, two references). The scanner below is how hand-written parsers read
 * lists ({@code do { ... } while (s.charAt(i++) == ',')}).
 */
public class DoWhileLoops {
    private final String text;
    private int pos;

    DoWhileLoops(String text) {
        this.text = text;
    }

    /** Reads {@code [a,b,...]}: one capture at the jump back used to resume at a wrong index. */
    List<Integer> list(StringBuilder trace) {
        List<Integer> items = new ArrayList<>();
        pos++;
        do {
            int start = pos;
            items.add(number());
            trace.append(pos - start);
        } while (text.charAt(pos++) == ',');
        return items;
    }

    int number() {
        int value = 0;
        char c;
        do {
            c = text.charAt(pos++);
            value = value * 10 + (c - '0');
        } while (Character.isDigit(text.charAt(pos)));
        return value;
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        StringBuilder doc = new StringBuilder("[");
        for (int k = 0; k < 60; k++) {
            doc.append(k > 0 ? "," : "").append(k * 37);
        }
        String text = doc.append(']').toString();
        long acc = 0;
        for (int r = 0; r < rounds; r++) {
            DoWhileLoops parser = new DoWhileLoops(text);
            StringBuilder trace = new StringBuilder();
            List<Integer> items = parser.list(trace);
            acc = acc * 31 + items.size() + items.get(r % items.size()) + trace.length() + parser.pos;

            long x = r;
            long limit = r + 50L;
            do {
                x += 3;
            } while (x < limit); // lcmp, then iflt: one value at the jump

            Object sentinel = items;
            Object cursor = trace;
            int steps = 0;
            do {
                steps++;
                cursor = steps % 40 == 0 ? sentinel : cursor;
            } while (cursor != sentinel); // if_acmpne: two references at the jump

            double d = 1;
            do {
                d *= 1.5;
            } while (d < r % 100 + 2.0);
            acc += x + steps + (long) d;
            if (r % (rounds / 10) == 0) {
                System.out.println(r + " " + items.size() + " " + acc);
            }
        }
        System.out.println("end " + acc);
    }
}
