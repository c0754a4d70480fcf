package dev.ferry.corpus;

/** String switches, enum switches and switch expressions, with captures in the cases. */
public class Switches {
    enum Op { ADD, MUL, XOR, SHIFT }

    public static void main(String[] args) {
        String[] words = {"alpha", "beta", "gamma", "delta", "epsilon"};
        long acc = 1;
        for (int i = 0; i < 60; i++) {
            String w = words[i % words.length];
            switch (w) {
                case "alpha":
                    acc += work(i);
                    break;
                case "beta":
                case "gamma":
                    acc ^= work(i + 1);
                    break;
                default:
                    acc -= work(i + 2);
            }
            Op op = Op.values()[i % 4];
            switch (op) {
                case ADD -> acc += work(3);
                case MUL -> acc *= 3;
                case XOR -> acc ^= work(4);
                case SHIFT -> acc = acc >>> 1;
            }
            int code = switch (w.length()) {
                case 4 -> 40;
                case 5 -> {
                    long t = work(i);
                    yield (int) (t % 50);
                }
                default -> 7;
            };
            System.out.println(i + " " + w + " " + op + " " + code + " " + acc);
        }
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 50_000; i++) {
            x = x * 31 + i;
        }
        return x & 0xfffff;
    }
}
