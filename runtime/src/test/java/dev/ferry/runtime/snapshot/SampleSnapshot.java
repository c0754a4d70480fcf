package dev.ferry.runtime.snapshot;

import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.continuation.EntryKind;
import dev.ferry.runtime.continuation.FrameState;
import dev.ferry.runtime.engine.InternedStrings;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The sample snapshot the fuzz and golden tests share: JDK values only, so it needs no task classes. */
final class SampleSnapshot {
    private SampleSnapshot() {
    }

    /**
     * A string of its own, not the interned literal: whether a literal is written as interned depends
     * on which task classes this JVM has loaded (other tests'), and the bytes must not.
     */
    private static String fresh(String literal) {
        return new String(literal);
    }

    static byte[] bytes() throws NotMovableException {
        Map<String, Integer> counts = new HashMap<>();
        counts.put(fresh("alpha"), 1);
        counts.put(fresh("beta"), 2);
        String symbol = new StringBuilder("sym").append('-').append(1).toString().intern();
        InternedStrings.noteInterned(symbol); // as if task code had interned it: written as an interned string
        List<Object> list = new ArrayList<>(List.of(fresh("x"), 42L, new int[] {1, 2, 3}));
        list.add(list); // a cycle
        list.add(symbol);
        TreeMap<String, double[]> tree = new TreeMap<>();
        tree.put(fresh("k"), new double[] {1.5, 2.5});
        java.util.WeakHashMap<String, Integer> weak = new java.util.WeakHashMap<>();
        weak.put("w", 3); // a literal: held by the constant pool, so the entry stays
        Object[] locals = {new String[] {fresh("arg")}, 7, 3.25d, counts, list, tree, null, 'c', (byte) 1, true, weak};
        Map<String, Map<String, Object>> statics = new LinkedHashMap<>();
        Continuation c = new Continuation("java.lang.Object", List.of("a", "b"), EntryKind.MAIN,
                List.of(new FrameState("java.lang.Object", "main", "([Ljava/lang/String;)V", 3, locals, new Object[] {9L})),
                statics, Map.of("java.lang.Object", "00"));
        Snapshot s = new Snapshot("t1", 0, "1", "host", Instant.EPOCH, 10, 0, c);
        PrintStream none = new PrintStream(PrintStream.nullOutputStream());
        return SnapshotCodec.encode(s, none, none);
    }
}
