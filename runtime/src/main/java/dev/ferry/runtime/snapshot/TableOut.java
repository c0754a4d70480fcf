package dev.ferry.runtime.snapshot;

import static net.openhft.chronicle.core.UnsafeMemory.UNSAFE; // a static import: javac warns where sun.misc.Unsafe is named

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The object table's bytes as they are written, into plain arrays. The encodings are Chronicle
 * Bytes' own (stop-bit numbers, {@code writeUtf8} strings, little-endian floating point), so the
 * table reads the same either way; but a snapshot writes millions of these small values, and
 * Chronicle's checks on every byte (bounds, position, whether the buffer was released) cost more
 * than the writing. Not thread-safe: one writer owns it.
 */
final class TableOut {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long BYTE_BASE = UNSAFE.arrayBaseOffset(byte[].class);

    /**
     * The table is a list of chunks, written one after the other and copied once into the snapshot
     * when it is assembled: growing one array would copy everything written so far at each doubling,
     * and allocate arrays big enough for the garbage collector to treat specially (G1's humongous
     * objects, which start a marking cycle). Chunks double from 4 KiB (a small snapshot pays for
     * little zeroing) to {@link #MAX_CHUNK}.
     */
    private static final int MAX_CHUNK = 256 << 10;
    private final List<byte[]> done = new ArrayList<>();
    private final List<Integer> doneLengths = new ArrayList<>();
    /** Bytes in the chunks before the current one. */
    private long before;
    private byte[] bytes = new byte[4096];
    /** In the current chunk. */
    private int position;

    /** Bytes written so far. */
    long position() {
        return before + position;
    }

    /** Room for {@code n} more bytes in the current chunk: a value never straddles two. */
    private void ensure(int n) {
        if (bytes.length - position < n) {
            if (before + position + n > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("a snapshot's object table is over the 2 GiB a snapshot may have");
            }
            done.add(bytes);
            doneLengths.add(position);
            before += position;
            bytes = new byte[Math.max(Math.min(bytes.length * 2, MAX_CHUNK), n)];
            position = 0;
        }
    }

    void writeByte(int b) {
        ensure(1);
        bytes[position++] = (byte) b;
    }

    /** A tag byte and a stop-bit number: the common case of a value, with one bounds check. */
    void writeTagged(int tag, long n) {
        ensure(11);
        bytes[position++] = (byte) tag;
        stopBit(n);
    }

    /**
     * Seven bits a byte, lowest first, the top bit set on all but the last; a negative number as
     * its complement, its last byte's top bit set too and a zero byte after it (Chronicle's form).
     */
    void writeStopBit(long n) {
        ensure(10);
        stopBit(n);
    }

    private void stopBit(long n) {
        byte[] b = bytes;
        int p = position;
        long m = n < 0 ? ~n : n;
        while ((m & ~0x7FL) != 0) {
            b[p++] = (byte) ((m & 0x7F) | 0x80);
            m >>>= 7;
        }
        if (n < 0) {
            b[p++] = (byte) (m | 0x80); // the complement's last byte is not the last: a zero follows
            b[p++] = 0;
        } else {
            b[p++] = (byte) m;
        }
        position = p;
    }

    void writeDouble(double d) {
        ensure(8);
        LONGS.set(bytes, position, Double.doubleToRawLongBits(d));
        position += 8;
    }

    void writeFloat(float f) {
        ensure(4);
        INTS.set(bytes, position, Float.floatToRawIntBits(f));
        position += 4;
    }

    /**
     * Its length in bytes (stop-bit), then each char as one to three bytes — a surrogate on its
     * own, as Chronicle does, so that any Java string (unpaired surrogates too) comes back exactly.
     */
    void writeUtf8(String s) {
        int n = s.length();
        long length = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                length += c < 0x800 ? 1 : 2;
            }
        }
        if (length > Integer.MAX_VALUE - 32) {
            throw new IllegalStateException("a string of " + length + " bytes is over the 2 GiB a snapshot may have");
        }
        ensure((int) length + 10);
        stopBit(length);
        byte[] b = bytes;
        int p = position;
        if (length == n) {
            for (int i = 0; i < n; i++) {
                b[p++] = (byte) s.charAt(i);
            }
        } else {
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    b[p++] = (byte) c;
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | c >> 6);
                    b[p++] = (byte) (0x80 | c & 0x3F);
                } else {
                    b[p++] = (byte) (0xE0 | c >> 12);
                    b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                    b[p++] = (byte) (0x80 | c & 0x3F);
                }
            }
        }
        position = p;
    }

    /** {@code length} bytes of a primitive array's own memory, from its first element. */
    void writeArrayMemory(Object array, int length) {
        ensure(length);
        UNSAFE.copyMemory(array, UNSAFE.arrayBaseOffset(array.getClass()), bytes, BYTE_BASE + position, length);
        position += length;
    }

    void write(byte[] blob) {
        ensure(blob.length);
        System.arraycopy(blob, 0, bytes, position, blob.length);
        position += blob.length;
    }

    /** Copies {@code length} written bytes from {@code from} into {@code out} at {@code at}. */
    void copyTo(long from, byte[] out, int at, int length) {
        long chunkStart = 0;
        for (int c = 0; c <= done.size() && length > 0; c++) {
            byte[] chunk = c < done.size() ? done.get(c) : bytes;
            int used = c < done.size() ? doneLengths.get(c) : position;
            if (from < chunkStart + used) {
                int offset = (int) (from - chunkStart);
                int n = Math.min(used - offset, length);
                System.arraycopy(chunk, offset, out, at, n);
                from += n;
                at += n;
                length -= n;
            }
            chunkStart += used;
        }
        if (length > 0) {
            throw new IllegalStateException("copying " + length + " bytes more than were written");
        }
    }
}
