package dev.ferry.corpus;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;

/**
 * Stream classes of the task's own, as libraries write them (Jackson's SegmentedStringWriter, a
 * counting output stream, a decoding reader): subclasses of the JDK's Writer, OutputStream,
 * FilterInputStream and Reader, held across the loop and captured in the middle of their own
 * methods. After a move they must be objects of the resumed task's classes, not shared.
 */
public class TaskStreams {
    /** Collects what is written in segments, as a writer that builds a string in pieces does. */
    static final class SegmentWriter extends Writer {
        private final StringBuilder current = new StringBuilder();
        private final java.util.List<String> segments = new java.util.ArrayList<>();

        @Override
        public void write(char[] chars, int off, int len) {
            for (int i = off; i < off + len; i++) { // a loop: a capture can land in here
                current.append(chars[i]);
                if (current.length() == 16) {
                    segments.add(current.toString());
                    current.setLength(0);
                }
            }
        }

        String contents() {
            return String.join("", segments) + current;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** Counts bytes and a running sum of them. */
    static final class CountingOutputStream extends OutputStream {
        long count;
        long sum;

        @Override
        public void write(int b) {
            count++;
            sum = sum * 31 + (b & 0xff);
        }
    }

    /** Rotates letters by 13 as it reads. */
    static final class Rot13InputStream extends FilterInputStream {
        Rot13InputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 'a' && c <= 'z') {
                return 'a' + (c - 'a' + 13) % 26;
            }
            return c;
        }
    }

    /** Reads the digits of a number, one after the other, forever. */
    static final class DigitsReader extends Reader {
        private long n;

        DigitsReader(long start) {
            n = start;
        }

        @Override
        public int read(char[] into, int off, int len) {
            String digits = Long.toString(n++);
            int count = Math.min(len, digits.length());
            digits.getChars(0, count, into, off);
            return count;
        }

        @Override
        public void close() {
        }
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        SegmentWriter writer = new SegmentWriter();
        CountingOutputStream counter = new CountingOutputStream();
        DigitsReader digits = new DigitsReader(1000);
        char[] buffer = new char[8];
        for (int i = 0; i < rounds; i++) {
            writer.write("r" + i + ";");
            InputStream in = new Rot13InputStream(new ByteArrayInputStream(("hello" + i % 10).getBytes()));
            int c;
            while ((c = in.read()) != -1) {
                counter.write(c);
            }
            int n = digits.read(buffer, 0, buffer.length);
            counter.write(buffer[n - 1]);
            if (i % 2000 == 0) {
                String s = writer.contents();
                System.out.println(i + " written=" + s.length() + " tail=" + s.substring(Math.max(0, s.length() - 12))
                        + " bytes=" + counter.count + " sum=" + counter.sum + " digits=" + new String(buffer, 0, n));
            }
        }
        System.out.println("done " + writer.contents().hashCode() + " " + counter.sum);
    }
}
