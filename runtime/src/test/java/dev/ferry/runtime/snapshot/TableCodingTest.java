package dev.ferry.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** The object table's own encoder and decoder write and read exactly what Chronicle Bytes does. */
class TableCodingTest {
    private static final long[] NUMBERS = {0, 1, 127, 128, 300, 16_383, 16_384, -1, -2, -127, -128, -129, -65_536,
            Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Character.MAX_VALUE, Short.MIN_VALUE};
    private static final List<String> TEXTS = List.of("", "a", "k123", "é", "€uro", "\uD83D\uDE00", "\uD800 alone", "\u0000",
            "\u07FF\u0800\uFFFF", "x".repeat(300));

    @Test
    void numbersStringsAndFloats_matchChronicleBytes_andReadBack() {
        TableOut mine = new TableOut();
        Bytes<?> theirs = Bytes.allocateElasticOnHeap();
        for (long n : NUMBERS) {
            mine.writeStopBit(n);
            theirs.writeStopBit(n);
        }
        for (String s : TEXTS) {
            mine.writeUtf8(s);
            theirs.writeUtf8(s);
        }
        mine.writeDouble(-2.5e300);
        theirs.writeDouble(-2.5e300);
        mine.writeFloat(1.25f);
        theirs.writeFloat(1.25f);
        byte[] written = new byte[(int) mine.position()];
        mine.copyTo(0, written, 0, written.length);
        assertArrayEquals(theirs.toByteArray(), written);

        TableIn in = new TableIn(written, 0);
        for (long n : NUMBERS) {
            assertEquals(n, in.readStopBit());
        }
        for (String s : TEXTS) {
            assertEquals(s, in.readUtf8());
        }
        assertEquals(-2.5e300, in.readDouble());
        assertEquals(1.25f, in.readFloat());
        assertEquals(0, in.remaining());
    }

    @Test
    void aTableOverManyChunks_copiesOutWhole() {
        TableOut out = new TableOut();
        for (int i = 0; i < 300_000; i++) {
            out.writeStopBit(i);
        }
        out.writeUtf8("x".repeat(1 << 20)); // bigger than a chunk
        byte[] all = new byte[(int) out.position()];
        out.copyTo(0, all, 0, all.length);
        byte[] tail = new byte[1000];
        out.copyTo(all.length - 1000, tail, 0, 1000);
        assertArrayEquals(java.util.Arrays.copyOfRange(all, all.length - 1000, all.length), tail);
        TableIn in = new TableIn(all, 0);
        for (int i = 0; i < 300_000; i++) {
            assertEquals(i, in.readStopBit());
        }
        assertEquals(1 << 20, in.readUtf8().length());
    }

    @Test
    void truncatedOrMalformedInput_isAFormatError() {
        assertThrows(SnapshotFormatException.class, () -> new TableIn(new byte[] {(byte) 0x80}, 0).readStopBit());
        assertThrows(SnapshotFormatException.class, () -> new TableIn(new byte[7], 0).readDouble());
        byte[] overlong = new byte[12];
        java.util.Arrays.fill(overlong, (byte) 0xFF);
        assertThrows(SnapshotFormatException.class, () -> new TableIn(overlong, 0).readStopBit());
        assertThrows(SnapshotFormatException.class, () -> new TableIn(new byte[] {5, 'a'}, 0).readUtf8());
        assertThrows(SnapshotFormatException.class, () -> new TableIn(new byte[] {2, (byte) 0xC3, 'a'}, 0).readUtf8());
        assertThrows(SnapshotFormatException.class, () -> new TableIn(new byte[] {1, (byte) 0xF0}, 0).readUtf8());
    }
}
