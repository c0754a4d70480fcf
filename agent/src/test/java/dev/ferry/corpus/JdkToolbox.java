package dev.ferry.corpus;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.security.MessageDigest;
import java.text.DecimalFormat;
import java.text.MessageFormat;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.HexFormat;
import java.util.Scanner;
import java.util.TimeZone;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDK objects programs keep in fields and locals while they work: formatters held in
 * {@code static final} fields, a digest between uses, a regex matcher and a scanner part way through
 * their input, NIO buffers over arrays the task also holds, queues, an unlocked lock, a logger.
 */
public class JdkToolbox {
    static final DecimalFormat MONEY = new DecimalFormat("#,##0.00");
    static final SimpleDateFormat DAY = utcDays();
    static final MessageFormat LINE = new MessageFormat("{0}: {1} items, {2}");
    static final MathContext PRECISION = new MathContext(30, RoundingMode.HALF_EVEN);
    static final MessageDigest SHA = sha256();
    static final ReentrantLock LOCK = new ReentrantLock();
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(JdkToolbox.class.getName());

    static SimpleDateFormat utcDays() {
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd EEE");
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        return f;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static long work(long seed) {
        long x = seed;
        for (int i = 0; i < 1_000_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    public static void main(String[] args) {
        // Built without a loop of its own, so that the first safepoint after the static initializer
        // (where a capture asked for early must wait) is in the main loop, with every object made.
        String text = java.util.stream.IntStream.range(0, 60)
                .mapToObj(i -> "item" + i + "=" + i * 37 % 101 + (i % 7 == 0 ? "; " : ", "))
                .collect(java.util.stream.Collectors.joining());
        Matcher pairs = Pattern.compile("(\\w+?)(\\d+)=(\\d+)").matcher(text);
        Scanner words = new Scanner("the quick brown fox jumps over the lazy dog again and again");
        byte[] raw = new byte[64];
        ByteBuffer bytes = ByteBuffer.wrap(raw, 8, 48).slice().order(ByteOrder.LITTLE_ENDIAN); // shares raw
        CharBuffer chars = CharBuffer.allocate(32);
        LinkedBlockingQueue<Integer> pending = new LinkedBlockingQueue<>();
        ArrayBlockingQueue<String> recent = new ArrayBlockingQueue<>(3);
        BigDecimal total = BigDecimal.ONE;
        LOG.setLevel(java.util.logging.Level.SEVERE);
        int round = 0;
        while (pairs.find()) {
            int value = Integer.parseInt(pairs.group(3));
            long w = work(value);
            LOCK.lock();
            try {
                pending.add(value);
                total = total.multiply(BigDecimal.valueOf(value + 1).divide(BigDecimal.valueOf(7), PRECISION), PRECISION);
            } finally {
                LOCK.unlock();
            }
            bytes.putInt((int) w);
            if (!bytes.hasRemaining()) {
                bytes.clear();
            }
            if (chars.remaining() < 2) {
                chars.flip();
                chars.clear();
            }
            chars.put((char) ('a' + value % 26));
            if (recent.remainingCapacity() == 0) {
                recent.poll();
            }
            recent.add(pairs.group(1) + pairs.group(2));
            String word = words.hasNext() ? words.next() : "-";
            LOG.warning("not printed: the task set its logger to SEVERE, and so it stays after a move");
            byte[] digest = SHA.digest(raw);
            String day = DAY.format(new Date(86_400_000L * (value * 97L + round)));
            if (round % 4 == 3) {
                int sum = 0;
                while (!pending.isEmpty()) {
                    sum += pending.poll();
                }
                System.out.println(LINE.format(new Object[] {day, round, MONEY.format(sum * 12.345)}) + " word=" + word
                        + " recent=" + recent + " at=" + pairs.end() + " raw=" + HexFormat.of().formatHex(raw, 8, 20)
                        + " sha=" + HexFormat.of().formatHex(digest, 0, 6) + " chars=" + chars.position()
                        + " total=" + total.round(new MathContext(12)));
            }
            round++;
        }
        System.out.println("done after " + round + " pairs, lock held: " + LOCK.isLocked());
    }
}
