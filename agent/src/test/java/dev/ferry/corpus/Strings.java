package dev.ferry.corpus;

/** String building: StringBuilder in a local across captures, concatenation, chars. */
public class Strings {
    public static void main(String[] args) {
        StringBuilder sb = new StringBuilder();
        String rolling = "";
        for (int i = 0; i < 300; i++) {
            char c = (char) ('a' + (int) (work(i) % 26));
            sb.append(c);
            rolling = rolling.length() > 20 ? rolling.substring(1) + c : rolling + c;
            if (i % 25 == 0) {
                System.out.println(i + " " + sb.length() + " " + rolling + " " + sb.toString().hashCode()
                        + " " + String.join("-", rolling.toUpperCase(), Integer.toString(i, 36)));
            }
        }
        System.out.println(sb.reverse());
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 8_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 33;
    }
}
