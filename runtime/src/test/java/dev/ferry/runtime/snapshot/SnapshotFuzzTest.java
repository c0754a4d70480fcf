package dev.ferry.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.runtime.continuation.Continuation;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The decoder against hostile input: a real snapshot, mutated 100,000 times (seeded, so a failure
 * reproduces), must decode, or fail with {@link SnapshotFormatException} — never anything else, and
 * never instantiate a class outside the allowlist.
 */
class SnapshotFuzzTest {
    private static byte[] sample() throws NotMovableException {
        return SampleSnapshot.bytes();
    }

    @Test
    void roundTrip_keepsValuesSharingAndCycles() throws Exception {
        SnapshotReader reader = SnapshotCodec.decode(sample());
        assertEquals("t1", reader.header().taskId());
        Continuation c = reader.continuation(getClass().getClassLoader());
        Object[] locals = c.frames().get(0).locals();
        assertEquals(7, locals[1]);
        assertEquals(Map.of("alpha", 1, "beta", 2), locals[3]);
        List<?> list = (List<?>) locals[4];
        assertTrue(list.get(3) == list, "the cycle survives");
        assertEquals(2.5, ((TreeMap<?, ?>) locals[5]).get("k") instanceof double[] d ? d[1] : 0);
        assertEquals(9L, c.frames().get(0).stack()[0]);
    }

    @Test
    void aClassOutsideTheAllowlist_isRefusedByName() throws Exception {
        byte[] bytes = sample();
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        // the same length, so the table still parses: only the class differs
        assertTrue(text.contains("java.util.TreeMap"), "the sample holds a TreeMap");
        byte[] hostile = text.replace("java.util.TreeMap", "java.lang.Runtime")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        SnapshotFormatException e = org.junit.jupiter.api.Assertions.assertThrows(SnapshotFormatException.class,
                () -> SnapshotCodec.decode(hostile).continuation(getClass().getClassLoader()));
        assertTrue(e.getMessage().contains("java.lang.Runtime"), e.getMessage());
    }

    @Test
    void hundredThousandMutatedSnapshots_failOnlyWithFormatErrors() throws Exception {
        byte[] original = sample();
        Random random = new Random(20261125);
        int decoded = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] bytes = mutate(original, random);
            try {
                SnapshotReader reader = SnapshotCodec.decode(bytes);
                reader.continuation(getClass().getClassLoader());
                decoded++;
            } catch (SnapshotFormatException expected) {
                // what hostile input must produce
            } catch (Throwable t) {
                throw new AssertionError("mutation " + i + " escaped as " + t, t);
            }
        }
        assertTrue(decoded > 0, "some mutations still decode (bytes in strings and numbers)");
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            case 1 -> {
                for (int k = 0; k < 1 + random.nextInt(8); k++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 2 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            default -> {
                int at = random.nextInt(bytes.length);
                int len = Math.min(bytes.length - at, 1 + random.nextInt(16));
                System.arraycopy(bytes, random.nextInt(bytes.length - len + 1), bytes, at, len);
            }
        }
        return bytes;
    }
}
