package dev.ferry.agent.host;

import dev.ferry.runtime.protocol.Message;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * One of a task's output streams on this host: the bytes it writes are forwarded to the coordinator
 * as {@link Message.TaskOutput}, each with its position in the task's whole stream (which goes on
 * from where the task's previous host left it), at every line end and at {@link #flush()}.
 *
 * <p>Thread roles: the task's threads write; the daemon flushes and reads the position; all under
 * this object's lock.
 */
final class TaskStream extends OutputStream {
    private static final int MAX_BUFFERED = 32 << 10;
    /** How much sent output is kept to send again after a connection to the coordinator broke. */
    private static final int MAX_RETAINED = 4 << 20;
    private static final int RESEND_PIECE = 256 << 10;

    private final String taskId;
    private final String stream;
    private final Consumer<Message> sink;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private long flushedUpTo;
    /** The newest output sent, starting at stream position {@code retainedFrom}. */
    private byte[] retained = new byte[0];
    private long retainedFrom;

    TaskStream(String taskId, String stream, long startOffset, Consumer<Message> sink) {
        this.taskId = taskId;
        this.stream = stream;
        this.flushedUpTo = startOffset;
        this.sink = sink;
    }

    @Override
    public synchronized void write(int b) {
        buffer.write(b);
        if (b == '\n' || buffer.size() >= MAX_BUFFERED) {
            flush();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        buffer.write(b, off, len);
        boolean newline = false;
        for (int i = off; i < off + len && !newline; i++) {
            newline = b[i] == '\n';
        }
        if (newline || buffer.size() >= MAX_BUFFERED) {
            flush();
        }
    }

    @Override
    public synchronized void flush() {
        if (buffer.size() == 0) {
            return;
        }
        byte[] data = buffer.toByteArray();
        buffer.reset();
        sink.accept(new Message.TaskOutput(taskId, stream, flushedUpTo, data));
        retain(data);
        flushedUpTo += data.length;
    }

    private void retain(byte[] data) {
        if (retained.length == 0) {
            retainedFrom = flushedUpTo;
        }
        byte[] joined = java.util.Arrays.copyOf(retained, retained.length + data.length);
        System.arraycopy(data, 0, joined, retained.length, data.length);
        int drop = Math.max(0, joined.length - MAX_RETAINED);
        retained = drop == 0 ? joined : java.util.Arrays.copyOfRange(joined, drop, joined.length);
        retainedFrom += drop;
    }

    /** Sends again everything from {@code position} on that was already sent (see {@link Message.OutputPosition}). */
    synchronized void resendFrom(long position) {
        if (position >= flushedUpTo) {
            return;
        }
        long from = position;
        if (retained.length == 0 || position < retainedFrom) {
            from = retained.length == 0 ? flushedUpTo : retainedFrom;
            sink.accept(new Message.TaskOutput(taskId, "gap:" + stream, from, new byte[0]));
        }
        for (long at = from; at < flushedUpTo; at += RESEND_PIECE) {
            int start = (int) (at - retainedFrom);
            int end = (int) Math.min(retained.length, start + (long) RESEND_PIECE);
            sink.accept(new Message.TaskOutput(taskId, stream, at, java.util.Arrays.copyOfRange(retained, start, end)));
        }
    }

    /** Sets where the stream starts (a task arriving from another host), before anything is written. */
    synchronized void startAt(long offset) {
        if (buffer.size() > 0) {
            throw new IllegalStateException("task " + taskId + " wrote to " + stream + " before its position was known");
        }
        flushedUpTo = offset;
        retainedFrom = offset;
    }

    /** How many bytes the task has written to this stream, across all its hosts. */
    synchronized long position() {
        return flushedUpTo + buffer.size();
    }
}
