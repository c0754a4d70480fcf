package dev.ferry.runtime.snapshot;

import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.continuation.EntryKind;
import dev.ferry.runtime.continuation.FrameState;
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

    static byte[] bytes() throws NotMovableException {
        Map<String, Integer> counts = new HashMap<>();
        counts.put("alpha", 1);
        counts.put("beta", 2);
        List<Object> list = new ArrayList<>(List.of("x", 42L, new int[] {1, 2, 3}));
        list.add(list); // a cycle
        TreeMap<String, double[]> tree = new TreeMap<>();
        tree.put("k", new double[] {1.5, 2.5});
        Object[] locals = {new String[] {"arg"}, 7, 3.25d, counts, list, tree, null, 'c', (byte) 1, true};
        Map<String, Map<String, Object>> statics = new LinkedHashMap<>();
        Continuation c = new Continuation("java.lang.Object", List.of("a", "b"), EntryKind.MAIN,
                List.of(new FrameState("java.lang.Object", "main", "([Ljava/lang/String;)V", 3, locals, new Object[] {9L})),
                statics, Map.of("java.lang.Object", "00"));
        Snapshot s = new Snapshot("t1", 0, "1", "host", Instant.EPOCH, 10, 0, c);
        PrintStream none = new PrintStream(PrintStream.nullOutputStream());
        return SnapshotCodec.encode(s, none, none);
    }
}
