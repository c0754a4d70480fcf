package dev.ferry.corpus;

/** A package-private {@code static void main()} without arguments, which JDK 25's launcher runs too. */
class NoArgsMain {
    static void main() {
        long a = 0;
        long b = 1;
        for (int i = 0; i < 400; i++) {
            long next = (a + b) % 1_000_000_007L;
            a = b;
            b = next;
            for (int spin = 0; spin < 20_000; spin++) {
                b = (b * 31 + spin) % 1_000_000_007L;
            }
            if (i % 40 == 0) {
                System.out.println(i + " " + b);
            }
        }
    }
}
