package dev.ferry.shell.coordinator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * One task's output stream as the coordinator assembles it. Hosts send pieces with their position
 * in the task's stream; around a move, pieces come from two hosts on two connections, so they may
 * arrive out of order or twice. This puts them in order, drops repeats, holds back what comes
 * after a gap until the gap is filled, and inserts the {@code moved a -> b} marker exactly where the
 * source stopped.
 *
 * <p>Not thread-safe: owned by the coordinator's thread.
 */
final class TaskLog {
    /** The newest entries kept for {@code logs}; older ones are dropped. */
    private static final int MAX_ENTRIES = 20_000;

    /** A piece of output: {@code stream} is out, err, or ferry (a marker). */
    record Entry(String stream, String text) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private final Map<String, Long> expected = new java.util.HashMap<>();
    private final Map<String, TreeMap<Long, byte[]>> early = new java.util.HashMap<>();
    /** Markers by the stdout position they belong at. */
    private final TreeMap<Long, List<String>> markers = new TreeMap<>();
    private final BiConsumer<String, String> listener;

    TaskLog(BiConsumer<String, String> listener) {
        this.listener = listener;
    }

    void append(String stream, long offset, byte[] data) {
        if (stream.startsWith("gap:")) {
            gap(stream.substring(4), offset);
            return;
        }
        long next = expected.getOrDefault(stream, 0L);
        if (offset + data.length <= next) {
            return; // a repeat
        }
        if (offset > next) {
            early.computeIfAbsent(stream, s -> new TreeMap<>()).put(offset, data);
            return;
        }
        deliver(stream, offset, data);
        deliverWaiting(stream);
    }

    /** Delivers what arrived early and now follows on. */
    private void deliverWaiting(String stream) {
        TreeMap<Long, byte[]> waiting = early.get(stream);
        while (waiting != null && !waiting.isEmpty() && waiting.firstKey() <= expected.get(stream)) {
            Map.Entry<Long, byte[]> e = waiting.pollFirstEntry();
            if (e.getKey() + e.getValue().length > expected.get(stream)) {
                deliver(stream, e.getKey(), e.getValue());
            }
        }
    }

    /** The host no longer has the output before {@code offset}: note the loss and go on from there. */
    private void gap(String stream, long offset) {
        long next = expected.getOrDefault(stream, 0L);
        if (offset <= next) {
            return;
        }
        add("ferry", "[ferry] " + (offset - next) + " bytes of std" + stream + " were lost\n");
        expected.put(stream, offset);
        deliverWaiting(stream);
    }

    /** How many bytes of the stream are in order here. */
    long position(String stream) {
        return expected.getOrDefault(stream, 0L);
    }

    /** A marker line at stdout position {@code offset} (shown once the output before it has arrived). */
    void marker(long offset, String text) {
        markers.computeIfAbsent(offset, o -> new ArrayList<>()).add(text);
        flushMarkers();
    }

    private void deliver(String stream, long offset, byte[] data) {
        long at = expected.getOrDefault(stream, 0L);
        int skip = (int) (at - offset);
        if (stream.equals("out")) {
            flushMarkers();
        }
        add(stream, new String(data, skip, data.length - skip, StandardCharsets.UTF_8));
        expected.put(stream, offset + data.length);
        if (stream.equals("out")) {
            flushMarkers();
        }
    }

    private void flushMarkers() {
        long at = expected.getOrDefault("out", 0L);
        while (!markers.isEmpty() && markers.firstKey() <= at) {
            for (String text : markers.pollFirstEntry().getValue()) {
                add("ferry", text + "\n");
            }
        }
    }

    private void add(String stream, String text) {
        entries.addLast(new Entry(stream, text));
        if (entries.size() > MAX_ENTRIES) {
            entries.removeFirst();
        }
        listener.accept(stream, text);
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }
}
