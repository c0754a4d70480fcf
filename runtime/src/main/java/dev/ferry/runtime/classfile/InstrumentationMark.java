package dev.ferry.runtime.classfile;

import dev.ferry.runtime.continuation.FrameDebug;
import dev.ferry.runtime.engine.ClassMeta;
import dev.ferry.runtime.engine.MethodMeta;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The mark of a class rewritten at build time: the class attribute {@value #ATTRIBUTE}, which the
 * JVM ignores and the task class loader reads to define the class as it is instead of rewriting it.
 *
 * <p>It holds what the loader would otherwise get from the rewriter at load time: the engine
 * version the code was rewritten for (a loader whose rewriter has another version refuses the
 * class), the {@linkplain ClassMeta#fingerprintOf fingerprint} of the class <em>as compiled</em>
 * (snapshots compare it across hosts, so it must not depend on where the class was rewritten), and
 * every method's {@link MethodMeta}: resume points and blocked calls by bytecode index, and debug
 * names by resume index.
 *
 * <h2>Body layout</h2>
 * Big-endian, strings as an {@code int} byte count and UTF-8 bytes, "string?" as a boolean and,
 * if true, a string:
 * <pre>
 *   u1 format (2)   string engineVersion   string fingerprint   int methodCount, then per method:
 *     string key (name + descriptor)   string? notCapturableWhy
 *     int n, n x int capturable bci    int n, n x int pass-through bci    int n, n x int construction bci
 *     int n, n x (int bci, string why)
 *     int n, n x (int line, int slots, slots x string? localName)
 * </pre>
 * A change to this layout is a change of the engine version.
 *
 * @param engineVersion the rewriter's engine version the class was rewritten for
 * @param meta          the fingerprint of the original class and the capture metadata of its methods
 */
public record InstrumentationMark(String engineVersion, ClassMeta meta) {
    /** The class attribute's name. */
    public static final String ATTRIBUTE = "dev.ferry.Instrumented";
    private static final int FORMAT = 2; // 2: pass-through bcis

    public InstrumentationMark {
        Objects.requireNonNull(engineVersion, "engineVersion");
        Objects.requireNonNull(meta, "meta");
    }

    /**
     * The mark in {@code classFile}, or null if it has none (it was not rewritten at build time).
     *
     * @throws IllegalArgumentException if {@code classFile} is not a well-formed class file, or its
     *         mark is damaged; the message completes "class X ..."
     */
    public static InstrumentationMark read(byte[] classFile) {
        byte[] body = ClassFileLayout.of(classFile).classAttribute(ATTRIBUTE);
        return body == null ? null : decode(body);
    }

    /**
     * The engine version named by the mark in {@code classFile}, whatever the mark's format (every
     * format begins with it), or null if it has no mark: what tells a class instrumented by another
     * Ferry from a damaged one.
     *
     * @throws IllegalArgumentException if {@code classFile} is not a well-formed class file, or its
     *         mark is too short to name a version
     */
    public static String markedEngineVersion(byte[] classFile) {
        byte[] body = ClassFileLayout.of(classFile).classAttribute(ATTRIBUTE);
        if (body == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            in.readUnsignedByte();
            return readString(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("has a damaged Ferry mark (truncated); rebuild it", e);
        }
    }

    /**
     * {@code rewrittenClass} with this mark added.
     *
     * @throws IllegalArgumentException if it is not a well-formed class file or already has a mark
     */
    public byte[] addTo(byte[] rewrittenClass) {
        ClassFileLayout layout = ClassFileLayout.of(rewrittenClass);
        if (layout.classAttribute(ATTRIBUTE) != null) {
            throw new IllegalArgumentException("is already marked as instrumented");
        }
        return layout.withClassAttribute(ATTRIBUTE, encode());
    }

    private byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writeString(out, engineVersion);
            writeString(out, meta.fingerprint());
            out.writeInt(meta.methods().size());
            for (Map.Entry<String, MethodMeta> e : new java.util.TreeMap<>(meta.methods()).entrySet()) {
                MethodMeta m = e.getValue();
                writeString(out, e.getKey());
                writeOptional(out, m.notCapturableWhy());
                out.writeInt(m.capturableBcis().length);
                for (int bci : m.capturableBcis()) {
                    out.writeInt(bci);
                }
                writeInts(out, m.passThroughBcis());
                writeInts(out, m.constructionBcis());
                out.writeInt(m.blocked().size());
                for (Map.Entry<Integer, String> b : new java.util.TreeMap<>(m.blocked()).entrySet()) {
                    out.writeInt(b.getKey());
                    writeString(out, b.getValue());
                }
                out.writeInt(m.debug().size());
                for (FrameDebug d : m.debug()) {
                    out.writeInt(d.line());
                    out.writeInt(d.localNames().size());
                    for (String name : d.localNames()) {
                        writeOptional(out, name);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static InstrumentationMark decode(byte[] body) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("has a Ferry mark in format " + format + ", which this Ferry does not"
                        + " read (it reads format " + FORMAT + "); rebuild the class with this Ferry's plugin");
            }
            String engine = readString(in);
            String fingerprint = readString(in);
            int methods = count(in);
            Map<String, MethodMeta> metas = new LinkedHashMap<>();
            for (int i = 0; i < methods; i++) {
                String key = readString(in);
                String why = readOptional(in);
                int[] bcis = new int[count(in)];
                for (int j = 0; j < bcis.length; j++) {
                    bcis[j] = in.readInt();
                }
                int[] passThrough = readInts(in);
                int[] construction = readInts(in);
                Map<Integer, String> blocked = new HashMap<>();
                for (int j = count(in); j > 0; j--) {
                    blocked.put(in.readInt(), readString(in));
                }
                List<FrameDebug> debug = new ArrayList<>();
                for (int j = count(in); j > 0; j--) {
                    int line = in.readInt();
                    List<String> names = new ArrayList<>();
                    for (int k = count(in); k > 0; k--) {
                        names.add(readOptional(in));
                    }
                    debug.add(new FrameDebug(line, names));
                }
                metas.put(key, new MethodMeta(bcis, passThrough, construction, why, blocked, debug));
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("has a damaged Ferry mark (bytes after its end)");
            }
            return new InstrumentationMark(engine, new ClassMeta(fingerprint, metas));
        } catch (IOException e) { // only EOFException: the body is shorter than it says
            throw new IllegalArgumentException("has a damaged Ferry mark (truncated); rebuild it", e);
        }
    }

    private static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static int[] readInts(DataInputStream in) throws IOException {
        int[] values = new int[count(in)];
        for (int j = 0; j < values.length; j++) {
            values[j] = in.readInt();
        }
        return values;
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) { // every element takes at least one byte
            throw new IllegalArgumentException("has a damaged Ferry mark (a count of " + n + ")");
        }
        return n;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void writeOptional(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(out, s);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[count(in)];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static String readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }
}
