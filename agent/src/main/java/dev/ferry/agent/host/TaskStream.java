package dev.ferry.agent.host;

import dev.ferry.runtime.protocol.Message;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
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

    private final String taskId;
    private final String stream;
    private final Consumer<Message> sink;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private long flushedUpTo;
    /** The newest pieces sent, oldest first: at most {@link #MAX_RETAINED} bytes, in whole pieces. */
    private final ArrayDeque<Message.TaskOutput> retained = new ArrayDeque<>();
    private long retainedBytes;

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
        Message.TaskOutput piece = new Message.TaskOutput(taskId, stream, flushedUpTo, data);
        sink.accept(piece);
        flushedUpTo += data.length;
        retained.addLast(piece); // kept as sent: nothing is copied
        retainedBytes += data.length;
        while (retainedBytes > MAX_RETAINED && retained.size() > 1) {
            retainedBytes -= retained.removeFirst().data().length;
        }
    }

    /** Sends again everything from {@code position} on that was already sent (see {@link Message.OutputPosition}). */
    synchronized void resendFrom(long position) {
        if (position >= flushedUpTo) {
            return;
        }
        long oldest = retained.isEmpty() ? flushedUpTo : retained.getFirst().offset();
        if (position < oldest) {
            sink.accept(new Message.TaskOutput(taskId, "gap:" + stream, oldest, new byte[0]));
        }
        for (Message.TaskOutput piece : retained) {
            if (piece.offset() + piece.data().length > position) {
                sink.accept(piece); // the coordinator drops what it already has of a piece
            }
        }
    }

    /** Sets where the stream starts (a task arriving from another host), before anything is written. */
    synchronized void startAt(long offset) {
        if (buffer.size() > 0) {
            throw new IllegalStateException("task " + taskId + " wrote to " + stream + " before its position was known");
        }
        flushedUpTo = offset;
    }

    /** How many bytes the task has written to this stream, across all its hosts. */
    synchronized long position() {
        return flushedUpTo + buffer.size();
    }
}
