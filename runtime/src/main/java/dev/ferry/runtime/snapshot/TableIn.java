package dev.ferry.runtime.snapshot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads the object table in place, in the encodings {@link TableOut} writes. Every read is checked
 * against the end of the table, and whatever does not parse is a {@link SnapshotFormatException}:
 * the bytes may be hostile. One reader at a time owns a position.
 */
final class TableIn {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] bytes;
    private final int limit;
    private int position;

    TableIn(byte[] bytes, int position) {
        this.bytes = bytes;
        this.limit = bytes.length;
        this.position = position;
    }

    byte[] bytes() {
        return bytes;
    }

    int position() {
        return position;
    }

    void position(int position) {
        this.position = position;
    }

    int remaining() {
        return limit - position;
    }

    private static SnapshotFormatException truncated() {
        return new SnapshotFormatException("not a readable Ferry snapshot (truncated or corrupt): the object table ends early");
    }

    int readUnsignedByte() {
        if (position >= limit) {
            throw truncated();
        }
        return bytes[position++] & 0xFF;
    }

    byte readByte() {
        if (position >= limit) {
            throw truncated();
        }
        return bytes[position++];
    }

    /** See {@link TableOut#writeStopBit}; more than ten bytes is not a number. */
    long readStopBit() {
        int p = position;
        if (p < limit) {
            byte first = bytes[p];
            if (first >= 0) {
                position = p + 1;
                return first;
            }
        }
        long n = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (p >= limit) {
                throw truncated();
            }
            int b = bytes[p++];
            if (b >= 0) {
                position = p;
                // a zero byte after the first: the number was negative, written as its complement
                return b == 0 && shift > 0 ? ~n : n | (long) b << shift;
            }
            n |= (long) (b & 0x7F) << shift;
        }
        throw new SnapshotFormatException("a number of more than ten bytes in the object table");
    }

    double readDouble() {
        if (limit - position < 8) {
            throw truncated();
        }
        double d = Double.longBitsToDouble((long) LONGS.get(bytes, position));
        position += 8;
        return d;
    }

    float readFloat() {
        if (limit - position < 4) {
            throw truncated();
        }
        float f = Float.intBitsToFloat((int) INTS.get(bytes, position));
        position += 4;
        return f;
    }

    /** Skips {@code n} bytes, which must be there. */
    void skip(int n) {
        if (n < 0 || n > limit - position) {
            throw truncated();
        }
        position += n;
    }

    /** A count of things still to come, each at least a byte: a bigger one is corrupt. */
    int readCount() {
        long n = readStopBit();
        if (n < 0 || n > remaining()) {
            throw new SnapshotFormatException("a count of " + n + " with " + remaining() + " bytes left");
        }
        return (int) n;
    }

    /** See {@link TableOut#writeUtf8}. */
    String readUtf8() {
        long length = readStopBit();
        if (length < 0 || length > remaining()) {
            throw new SnapshotFormatException("a text of " + length + " bytes with " + remaining() + " bytes left");
        }
        int n = (int) length;
        int start = position;
        int end = start + n;
        byte[] b = bytes;
        int i = start;
        while (i < end && b[i] >= 0) {
            i++;
        }
        position = end;
        if (i == end) { // ASCII, by far the most common: the JDK copies it straight into a compact string
            return new String(b, start, n, StandardCharsets.ISO_8859_1);
        }
        char[] chars = new char[n];
        int count = 0;
        for (int k = start; k < i; k++) {
            chars[count++] = (char) b[k];
        }
        while (i < end) {
            int c = b[i++] & 0xFF;
            if (c < 0x80) {
                chars[count++] = (char) c;
            } else if ((c & 0xE0) == 0xC0) {
                chars[count++] = (char) ((c & 0x1F) << 6 | continuation(b, i++, end));
            } else if ((c & 0xF0) == 0xE0) {
                int high = continuation(b, i++, end);
                chars[count++] = (char) ((c & 0x0F) << 12 | high << 6 | continuation(b, i++, end));
            } else {
                throw new SnapshotFormatException("malformed text in the object table (byte " + c + ")");
            }
        }
        return new String(chars, 0, count);
    }

    private static int continuation(byte[] b, int i, int end) {
        if (i >= end || (b[i] & 0xC0) != 0x80) {
            throw new SnapshotFormatException("malformed text in the object table");
        }
        return b[i] & 0x3F;
    }
}
