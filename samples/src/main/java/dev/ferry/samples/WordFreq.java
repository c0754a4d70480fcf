package dev.ferry.samples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code WordFreq [WORDS]}: generates WORDS words of text (default 1,000,000) from syllables with a
 * fixed-seed generator, counts words and word pairs in hash maps as it goes, printing progress
 * after every fifth of the text, then the ten most frequent words and the most frequent pair. A
 * move carries the half-built maps — thousands of entries — to the new loader or JVM.
 */
public final class WordFreq {
    private static final String[] SYLLABLES = {
        "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "ba", "di", "fu", "go", "hu", "je", "po"};

    private WordFreq() {
    }

    public static void main(String[] args) {
        int words = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Map<String, Integer>> pairs = new HashMap<>();
        long seed = 42;
        String previous = null;
        int every = Math.max(1, words / 5);
        for (int i = 1; i <= words; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            String word = word(seed);
            counts.merge(word, 1, Integer::sum);
            if (previous != null) {
                pairs.computeIfAbsent(previous, k -> new HashMap<>()).merge(word, 1, Integer::sum);
            }
            previous = word;
            if (i % every == 0) {
                System.out.println(i + " words, " + counts.size() + " distinct");
            }
        }
        List<Map.Entry<String, Integer>> top = new ArrayList<>(counts.entrySet());
        top.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<String, Integer> e : top.subList(0, Math.min(10, top.size()))) {
            System.out.println(e.getKey() + " " + e.getValue());
        }
        String bestPair = null;
        int best = 0;
        for (Map.Entry<String, Map<String, Integer>> first : pairs.entrySet()) {
            for (Map.Entry<String, Integer> second : first.getValue().entrySet()) {
                String pair = first.getKey() + " " + second.getKey();
                if (second.getValue() > best || (second.getValue() == best && pair.compareTo(bestPair) < 0)) {
                    best = second.getValue();
                    bestPair = pair;
                }
            }
        }
        System.out.println("most frequent pair: " + bestPair + " " + best);
    }

    /**
     * A word of one to six syllables from the generator's high 31 bits: the low five choose the
     * length (half the words have one syllable, a quarter two, ...), four bits each the syllables,
     * early syllables likelier. So the counts have a head of short words and a long tail.
     */
    static String word(long seed) {
        int bits = (int) (seed >>> 33);
        int length = 1 + Integer.numberOfTrailingZeros(bits | 32);
        bits >>>= 5;
        StringBuilder w = new StringBuilder();
        for (int s = 0; s < length; s++) {
            int r = bits & 15;
            w.append(SYLLABLES[r * r / 16]); // 0..14, low values likelier
            bits >>>= 4;
        }
        return w.toString();
    }
}
