package dev.ferry.runtime.snapshot;

import dev.ferry.runtime.engine.InternedStrings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The object table of a snapshot, as read before anything is built: every entry parsed once and
 * checked (kinds, tags, counts against the bytes left, class indexes, reference ranges), and
 * remembered as little as possible — its kind, its class index, and where its values start in the
 * snapshot's bytes, which {@link SnapshotReader} reads a second time as it fills the objects in.
 * Only strings and the rarer kinds keep a parsed form. (A record per entry, a list per entry's
 * values and a box per reference made reading a million objects mostly allocation.)
 */
final class ObjectTable {
    /** An entry of a rare kind (class, well-known, stream, text value, enum, lambda), parsed. */
    static final class Rare {
        final String cls;
        final String text;
        final Map<String, Object> lambda;

        Rare(String cls, String text, Map<String, Object> lambda) {
            this.cls = cls;
            this.text = text;
            this.lambda = lambda;
        }
    }

    private final byte[] bytes;
    private byte[] kinds = new byte[64];
    /** Per entry: where its values start (objects), or its count does (arrays, records, lambdas); -1 for none. */
    private int[] starts = new int[64];
    /** Per entry: its class index, or -1. */
    private int[] classes = new int[64];
    /** Per entry: the String of a string entry, the {@link Rare} of a rare one, else null. */
    private Object[] parsed = new Object[64];
    private int size;
    private final List<String> classNames = new ArrayList<>();
    /** Per class index: the field names its first object declared, for the objects after it. */
    private final List<List<String>> layouts = new ArrayList<>();

    /** Parses the table from {@code start} to the end of {@code bytes}. */
    ObjectTable(byte[] bytes, int start) {
        this.bytes = bytes;
        TableIn in = new TableIn(bytes, start);
        while (in.remaining() > 0) {
            if (size >= SnapshotReader.MAX_OBJECTS) {
                throw new SnapshotFormatException("snapshot has more than " + SnapshotReader.MAX_OBJECTS + " objects");
            }
            if (size == kinds.length) {
                int capacity = size * 2;
                kinds = Arrays.copyOf(kinds, capacity);
                starts = Arrays.copyOf(starts, capacity);
                classes = Arrays.copyOf(classes, capacity);
                parsed = Arrays.copyOf(parsed, capacity);
            }
            entry(in, size++);
        }
    }

    int size() {
        return size;
    }

    byte[] bytes() {
        return bytes;
    }

    int kind(int id) {
        return kinds[id];
    }

    int start(int id) {
        return starts[id];
    }

    int classIndex(int id) {
        return classes[id];
    }

    /** How many class indexes the table defines. */
    int classCount() {
        return classNames.size();
    }

    /** The class name of an entry that has one, else null. */
    String className(int id) {
        return classes[id] < 0 ? null : classNames.get(classes[id]);
    }

    String string(int id) {
        return (String) parsed[id];
    }

    /** The parsed form of an entry of a rare kind, else null. */
    Rare rare(int id) {
        return parsed[id] instanceof Rare r ? r : null;
    }

    /** The field names of the objects of class index {@code classIndex}. */
    List<String> layout(int classIndex) {
        return layouts.get(classIndex);
    }

    private void entry(TableIn in, int id) {
        int kind = in.readUnsignedByte();
        kinds[id] = (byte) kind;
        starts[id] = -1;
        classes[id] = -1;
        switch (kind) {
            case SnapshotWriter.K_STR -> parsed[id] = in.readUtf8();
            case SnapshotWriter.K_ISTR -> {
                // Task code may compare it with == to a literal or another interned string: it is this JVM's.
                kinds[id] = SnapshotWriter.K_STR;
                String interned = in.readUtf8().intern();
                InternedStrings.noteInterned(interned);
                parsed[id] = interned;
            }
            case SnapshotWriter.K_CLS, SnapshotWriter.K_WK, SnapshotWriter.K_STD -> parsed[id] = new Rare(null, in.readUtf8(), null);
            case SnapshotWriter.K_VAL -> {
                String type = in.readUtf8();
                parsed[id] = new Rare(type, in.readUtf8(), null);
            }
            case SnapshotWriter.K_ENUM -> {
                classes[id] = classIndex(in);
                parsed[id] = new Rare(classNames.get(classes[id]), in.readUtf8(), null);
            }
            case SnapshotWriter.K_ARR -> {
                classes[id] = classIndex(in);
                starts[id] = in.position();
                int n = in.readCount();
                if (classNames.get(classes[id]).length() == 2) {
                    in.skip(n); // a primitive array ("[J"): its bytes are read in place when it is built
                } else {
                    skipValues(in, n);
                }
            }
            case SnapshotWriter.K_LAMBDA -> {
                Map<String, Object> lambda = new LinkedHashMap<>();
                for (String key : List.of("cap", "fi", "fm", "fs")) {
                    lambda.put(key, in.readUtf8());
                }
                lambda.put("ik", (int) in.readStopBit());
                for (String key : List.of("ic", "im", "is", "it")) {
                    lambda.put(key, in.readUtf8());
                }
                parsed[id] = new Rare(null, null, lambda);
                starts[id] = in.position();
                skipValues(in, in.readCount());
            }
            case SnapshotWriter.K_REC, SnapshotWriter.K_WEAK -> {
                classes[id] = classIndex(in);
                starts[id] = in.position();
                skipValues(in, in.readCount());
            }
            case SnapshotWriter.K_OBJ -> {
                int c = classIndex(in);
                classes[id] = c;
                List<String> names = layouts.get(c);
                if (names == null) {
                    int n = in.readCount();
                    names = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        names.add(in.readUtf8());
                    }
                    layouts.set(c, names);
                }
                starts[id] = in.position();
                skipValues(in, names.size());
            }
            default -> throw new SnapshotFormatException("unknown object kind " + kind);
        }
    }

    private int classIndex(TableIn in) {
        long index = in.readStopBit();
        if (index == classNames.size()) {
            classNames.add(in.readUtf8());
            layouts.add(null);
        } else if (index < 0 || index > classNames.size()) {
            throw new SnapshotFormatException("class index " + index + " out of range");
        }
        return (int) index;
    }

    /** Checks {@code n} values and moves past them. */
    private static void skipValues(TableIn in, int n) {
        for (int i = 0; i < n; i++) {
            skipValue(in, in.readUnsignedByte());
        }
    }

    /** Checks the payload of a value tagged {@code tag} and moves past it. */
    static void skipValue(TableIn in, int tag) {
        switch (tag) {
            case 'n' -> {
            }
            case 'i', 'j', 'c', 's' -> in.readStopBit();
            case 'd' -> in.skip(8);
            case 'f' -> in.skip(4);
            case 'z', 'b' -> in.skip(1);
            case 'r' -> reference(in);
            default -> throw new SnapshotFormatException("unknown value tag " + tag);
        }
    }

    /** The id of a reference's target, in the range a table may have (the reader checks its size). */
    static int reference(TableIn in) {
        long id = in.readStopBit();
        if (id < 0 || id >= SnapshotReader.MAX_OBJECTS) {
            throw new SnapshotFormatException("object reference out of range: " + id);
        }
        return (int) id;
    }
}
