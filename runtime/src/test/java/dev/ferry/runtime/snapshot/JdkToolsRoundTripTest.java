package dev.ferry.runtime.snapshot;

import static dev.ferry.runtime.snapshot.RoundTripTest.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.DecimalFormat;
import java.text.MessageFormat;
import java.text.SimpleDateFormat;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Scanner;
import java.util.TimeZone;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The JDK objects programs keep in fields while they work, through a snapshot and back, still working. */
class JdkToolsRoundTripTest {
    @Test
    void formatters_comeBackFormattingAlike() throws Exception {
        SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd HH:mm zzz");
        day.setTimeZone(TimeZone.getTimeZone("Asia/Tokyo"));
        Object[] back = (Object[]) roundTrip(new Object[] {new DecimalFormat("#,##0.00;(#)"), day,
            new MessageFormat("{0} has {1,number,integer} items"), new MathContext(7, RoundingMode.DOWN)});
        assertEquals("(1,234.57)", ((DecimalFormat) back[0]).format(-1234.5678));
        assertEquals("1970-01-02 09:00 JST", ((SimpleDateFormat) back[1]).format(new Date(86_400_000L)));
        assertEquals("cart has 3 items", ((MessageFormat) back[2]).format(new Object[] {"cart", 3}));
        assertEquals(new BigDecimal("3.141592"), new BigDecimal("3.14159265").round((MathContext) back[3]));
    }

    @Test
    void aDigestBetweenDigests_travelsAsItsAlgorithm_andOnePartWayThroughIsRefused() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.digest("used before".getBytes(StandardCharsets.UTF_8));
        MessageDigest back = (MessageDigest) roundTrip(sha);
        assertNotSame(sha, back);
        assertArrayEquals(sha.digest("abc".getBytes(StandardCharsets.UTF_8)), back.digest("abc".getBytes(StandardCharsets.UTF_8)));

        sha.update((byte) 1);
        NotMovableException e = assertThrows(NotMovableException.class, () -> roundTrip(sha));
        assertTrue(e.getMessage().contains("part way through a digest"), e.getMessage());
    }

    @Test
    void aMatcherAndAScanner_goOnFromWhereTheyWere() throws Exception {
        Matcher m = Pattern.compile("(\\w)=(\\d+)").matcher("a=1 b=22 c=333 d=4");
        m.find();
        m.find();
        Scanner words = new Scanner("one two three four");
        words.next();
        Object[] back = (Object[]) roundTrip(new Object[] {m, words});
        Matcher m2 = (Matcher) back[0];
        assertTrue(m2.find());
        assertEquals("c", m2.group(1));
        assertEquals("333", m2.group(2));
        assertEquals("two", ((Scanner) back[1]).next());
    }

    @Test
    void stringReaders_keepTheirPosition_markAndClosedness_whateverTheJdkKeepsThemIn() throws Exception {
        java.io.StringReader marked = new java.io.StringReader("abcdefgh");
        marked.skip(2);
        marked.mark(0);
        marked.skip(3);
        java.io.StringReader closed = new java.io.StringReader("gone");
        closed.close();
        Object[] back = (Object[]) roundTrip(new Object[] {marked, closed, marked});
        java.io.StringReader again = (java.io.StringReader) back[0];
        assertSame(again, back[2], "still one reader");
        assertEquals('f', again.read());
        again.reset();
        assertEquals('c', again.read());
        assertThrows(java.io.IOException.class, () -> ((java.io.StringReader) back[1]).read(), "still closed");
        assertEquals("open:5:2:abcdefgh", StringReaders.toText(marked));
    }

    @Test
    void heapBuffers_keepTheirPlace_andStillShareTheArrayTheyWrap() throws Exception {
        byte[] raw = new byte[16];
        ByteBuffer slice = ByteBuffer.wrap(raw, 4, 8).slice();
        slice.putInt(0x01020304);
        ByteBuffer readOnly = slice.asReadOnlyBuffer();
        CharBuffer chars = CharBuffer.wrap(new char[8], 2, 4).slice();
        chars.put('x');
        Object[] back = (Object[]) roundTrip(new Object[] {raw, slice, readOnly, chars});
        byte[] raw2 = (byte[]) back[0];
        ByteBuffer slice2 = (ByteBuffer) back[1];
        assertEquals(4, slice2.position());
        slice2.putInt(0x0a0b0c0d); // lands in the restored array, after the first int, at offset 4 + 4
        assertArrayEquals(new byte[] {0, 0, 0, 0, 1, 2, 3, 4, 10, 11, 12, 13, 0, 0, 0, 0}, raw2);
        ByteBuffer readOnly2 = (ByteBuffer) back[2];
        assertTrue(readOnly2.isReadOnly());
        assertEquals(0x0a0b0c0d, readOnly2.getInt(4));
        CharBuffer chars2 = (CharBuffer) back[3];
        chars2.put('y');
        chars2.flip();
        assertEquals("xy", chars2.toString());
    }

    @Test
    void anUnlockedLockAndTheQueuesBuiltOnOne_move() throws Exception {
        LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>(List.of(1, 2, 3));
        queue.poll();
        Object[] back = (Object[]) roundTrip(new Object[] {new ReentrantLock(), queue});
        ReentrantLock lock = (ReentrantLock) back[0];
        assertTrue(lock.tryLock());
        lock.unlock();
        @SuppressWarnings("unchecked")
        LinkedBlockingQueue<Integer> queue2 = (LinkedBlockingQueue<Integer>) back[1];
        queue2.add(4);
        assertEquals(List.of(2, 3, 4), List.copyOf(queue2));
    }

    @Test
    void aLockHeldAtTheCapture_isRefusedNamingItsOwnerThread() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        lock.lock();
        try {
            NotMovableException e = assertThrows(NotMovableException.class, () -> roundTrip(lock));
            assertTrue(e.getMessage().contains("exclusiveOwnerThread"), e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    @Test
    void loggersAndTheRuntime_comeBackAsTheJvmsOwn_withTheLevelTheTaskSet() throws Exception {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("ferry.test.tools");
        logger.setLevel(java.util.logging.Level.FINER);
        System.Logger system = System.getLogger("ferry.test.system");
        Object[] back = (Object[]) roundTrip(new Object[] {logger, system, Runtime.getRuntime(), System.getProperties(),
            System.getenv()});
        assertSame(logger, back[0]); // the JVM's logger of that name: here, the very same
        assertEquals(java.util.logging.Level.FINER, ((java.util.logging.Logger) back[0]).getLevel());
        assertEquals("ferry.test.system", ((System.Logger) back[1]).getName());
        assertSame(Runtime.getRuntime(), back[2]);
        assertSame(System.getProperties(), back[3]);
        assertSame(System.getenv(), back[4], "the environment of the JVM that reads it");

        NotMovableException e = assertThrows(NotMovableException.class,
                () -> roundTrip(java.util.logging.Logger.getAnonymousLogger()));
        assertTrue(e.getMessage().contains("anonymous"), e.getMessage());
    }

    @Test
    void aSerializedValueThatIsNotWhatItSays_isRefused_andNothingElseIsInstantiated() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new HashMap<>(java.util.Map.of("k", "v")));
        }
        String hashMap = Base64.getEncoder().encodeToString(bytes.toByteArray());
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> SerialValues.fromText("java.text.DecimalFormat", hashMap));
        assertTrue(e.getMessage().contains("does not read back") && e.getMessage().contains("REJECTED"), e.getMessage());

        String format = SerialValues.toText(new DecimalFormat("0.0"));
        e = assertThrows(SnapshotFormatException.class, () -> SerialValues.fromText("java.text.SimpleDateFormat", format));
        assertTrue(e.getMessage().contains("reads back as java.text.DecimalFormat"), e.getMessage());
        assertThrows(SnapshotFormatException.class, () -> SerialValues.fromText("java.text.DecimalFormat", "not base64!"));
        assertSame(DecimalFormat.class, SerialValues.fromText("java.text.DecimalFormat", format).getClass());
    }
}
