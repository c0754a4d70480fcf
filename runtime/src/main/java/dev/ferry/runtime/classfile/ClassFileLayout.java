package dev.ferry.runtime.classfile;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the parts of a class file start (JVMS §4.1): enough to find a class attribute by name and
 * to append one, without a bytecode library and without touching the methods' code, whose
 * bytecode indices the capture metadata refers to.
 */
final class ClassFileLayout {
    private static final int MAGIC = 0xCAFEBABE;

    private final byte[] bytes;
    /** {@code constant_pool_count}: one more than the highest constant index. */
    final int constantPoolCount;
    /** Offset just after the last constant. */
    final int constantPoolEnd;
    /** Offset of the class's {@code attributes_count}. */
    final int attributesCountOffset;
    /** By constant index: the offset of a {@code CONSTANT_Utf8}'s length, or 0 for other constants. */
    private final int[] utf8;
    /** The {@code CONSTANT_Utf8} index of each {@code CONSTANT_String}, in pool order. */
    private final int[] strings;

    private ClassFileLayout(byte[] bytes, int constantPoolCount, int constantPoolEnd, int attributesCountOffset, int[] utf8,
                            int[] strings) {
        this.bytes = bytes;
        this.constantPoolCount = constantPoolCount;
        this.constantPoolEnd = constantPoolEnd;
        this.attributesCountOffset = attributesCountOffset;
        this.utf8 = utf8;
        this.strings = strings;
    }

    /** @throws IllegalArgumentException if {@code bytes} is not a well-formed class file */
    static ClassFileLayout of(byte[] bytes) {
        try {
            if (bytes.length < 10 || u4(bytes, 0) != MAGIC) {
                throw new IllegalArgumentException("is not a class file (no 0xCAFEBABE)");
            }
            int count = u2(bytes, 8);
            int[] utf8 = new int[count];
            int[] strings = new int[count];
            int stringCount = 0;
            int at = 10;
            for (int i = 1; i < count; i++) {
                int tag = bytes[at] & 0xFF;
                switch (tag) {
                    case 1 -> {
                        utf8[i] = at + 1;
                        at += 3 + u2(bytes, at + 1);
                    }
                    case 8 -> {
                        strings[stringCount++] = u2(bytes, at + 1);
                        at += 3;
                    }
                    case 7, 16, 19, 20 -> at += 3;
                    case 15 -> at += 4;
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> at += 5;
                    case 5, 6 -> {
                        at += 9;
                        i++; // a long or double takes two constant pool entries
                    }
                    default -> throw new IllegalArgumentException("has an unknown constant pool tag " + tag + " at offset " + at);
                }
            }
            int poolEnd = at;
            at += 6; // access_flags, this_class, super_class
            at += 2 + 2 * u2(bytes, at); // interfaces
            for (int members = 0; members < 2; members++) { // fields, then methods
                int n = u2(bytes, at);
                at += 2;
                for (int m = 0; m < n; m++) {
                    at = skipAttributes(bytes, at + 6);
                }
            }
            int end = skipAttributes(bytes, at);
            if (end > bytes.length) {
                throw new IllegalArgumentException("is truncated (its last attribute runs " + (end - bytes.length)
                        + " bytes past the end)");
            }
            if (end < bytes.length) {
                throw new IllegalArgumentException("has " + (bytes.length - end) + " bytes after its last attribute");
            }
            return new ClassFileLayout(bytes, count, poolEnd, at, utf8, Arrays.copyOf(strings, stringCount));
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("is truncated (a structure runs past its " + bytes.length + " bytes)", e);
        }
    }

    /**
     * The values of the class's {@code CONSTANT_String} entries: its string literals and the values
     * of its constant fields, which the JVM interns.
     *
     * @throws IllegalArgumentException if one does not point at a well-formed {@code CONSTANT_Utf8}
     */
    List<String> stringConstants() {
        List<String> values = new ArrayList<>(strings.length);
        for (int index : strings) {
            if (index <= 0 || index >= utf8.length || utf8[index] == 0) {
                throw new IllegalArgumentException("has a CONSTANT_String pointing at #" + index + ", which is not a CONSTANT_Utf8");
            }
            int at = utf8[index];
            try {
                // The pool's modified UTF-8 with its u2 length is exactly what readUTF reads.
                values.add(new DataInputStream(new ByteArrayInputStream(bytes, at, 2 + u2(bytes, at))).readUTF());
            } catch (IOException e) {
                throw new IllegalArgumentException("has a malformed CONSTANT_Utf8 at #" + index + ": " + e.getMessage(), e);
            }
        }
        return values;
    }

    /** The body of the class attribute named {@code name}, or null if the class has none. */
    byte[] classAttribute(String name) {
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8); // the names used here are ASCII: modified UTF-8 is the same
        int at = attributesCountOffset + 2;
        for (int n = u2(bytes, attributesCountOffset); n > 0; n--) {
            int nameIndex = u2(bytes, at);
            int length = u4(bytes, at + 2);
            if (nameIndex < utf8.length && utf8[nameIndex] != 0 && utf8Equals(utf8[nameIndex], wanted)) {
                return Arrays.copyOfRange(bytes, at + 6, at + 6 + length);
            }
            at += 6 + length;
        }
        return null;
    }

    /**
     * The class file with one more class attribute, {@code name} with {@code body}: the name is a
     * new constant at the end of the pool and the attribute goes last, so no existing constant
     * index or bytecode offset moves.
     */
    byte[] withClassAttribute(String name, byte[] body) {
        if (constantPoolCount >= 0xFFFF) {
            throw new IllegalArgumentException("has a full constant pool (65,535 entries): no room for the " + name + " attribute");
        }
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        int attributes = u2(bytes, attributesCountOffset);
        if (attributes == 0xFFFF) {
            throw new IllegalArgumentException("has 65,535 class attributes: no room for " + name);
        }
        byte[] out = new byte[bytes.length + 3 + nameBytes.length + 6 + body.length];
        System.arraycopy(bytes, 0, out, 0, constantPoolEnd);
        putU2(out, 8, constantPoolCount + 1);
        int at = constantPoolEnd;
        out[at] = 1; // CONSTANT_Utf8
        putU2(out, at + 1, nameBytes.length);
        System.arraycopy(nameBytes, 0, out, at + 3, nameBytes.length);
        int shift = 3 + nameBytes.length;
        System.arraycopy(bytes, constantPoolEnd, out, constantPoolEnd + shift, bytes.length - constantPoolEnd);
        putU2(out, attributesCountOffset + shift, attributes + 1);
        at = bytes.length + shift;
        putU2(out, at, constantPoolCount); // the new constant's index
        putU4(out, at + 2, body.length);
        System.arraycopy(body, 0, out, at + 6, body.length);
        return out;
    }

    private boolean utf8Equals(int lengthOffset, byte[] wanted) {
        int length = u2(bytes, lengthOffset);
        return length == wanted.length
                && Arrays.equals(bytes, lengthOffset + 2, lengthOffset + 2 + length, wanted, 0, wanted.length);
    }

    private static int skipAttributes(byte[] b, int at) {
        int n = u2(b, at);
        at += 2;
        for (int i = 0; i < n; i++) {
            at += 6 + u4(b, at + 2);
        }
        return at;
    }

    private static int u2(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int u4(byte[] b, int at) {
        return (u2(b, at) << 16) | u2(b, at + 2);
    }

    private static void putU2(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }

    private static void putU4(byte[] b, int at, int value) {
        putU2(b, at, value >>> 16);
        putU2(b, at + 2, value);
    }
}
