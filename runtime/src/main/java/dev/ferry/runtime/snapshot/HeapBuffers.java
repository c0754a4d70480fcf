package dev.ferry.runtime.snapshot;

import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NIO buffers over Java arrays ({@code ByteBuffer.wrap}, {@code allocate}, their slices and
 * read-only views) travel field by field, so the array they wrap stays shared with whoever else
 * holds it. One field cannot be taken as it was: {@code address}, where the array's elements start
 * inside the array object, which belongs to the JVM that reads the snapshot (its object header
 * layout), not to the one that wrote it. It is set again here after the buffer is rebuilt.
 */
final class HeapBuffers {
    /** The buffer classes that travel: heap buffers only (direct and mapped ones are native memory). */
    static final Set<String> CLASSES = Set.of("java.nio.Buffer", "java.nio.ByteBuffer", "java.nio.CharBuffer",
            "java.nio.ShortBuffer", "java.nio.IntBuffer", "java.nio.LongBuffer", "java.nio.FloatBuffer",
            "java.nio.DoubleBuffer", "java.nio.HeapByteBuffer", "java.nio.HeapByteBufferR", "java.nio.HeapCharBuffer",
            "java.nio.HeapCharBufferR", "java.nio.HeapShortBuffer", "java.nio.HeapShortBufferR", "java.nio.HeapIntBuffer",
            "java.nio.HeapIntBufferR", "java.nio.HeapLongBuffer", "java.nio.HeapLongBufferR", "java.nio.HeapFloatBuffer",
            "java.nio.HeapFloatBufferR", "java.nio.HeapDoubleBuffer", "java.nio.HeapDoubleBufferR");

    /** Per buffer type: a fresh buffer over a one-element array, whose address is this JVM's array base. */
    private static final Map<Class<?>, Buffer> FRESH = Map.of(ByteBuffer.class, ByteBuffer.wrap(new byte[1]),
            CharBuffer.class, CharBuffer.wrap(new char[1]), ShortBuffer.class, ShortBuffer.wrap(new short[1]),
            IntBuffer.class, IntBuffer.wrap(new int[1]), LongBuffer.class, LongBuffer.wrap(new long[1]),
            FloatBuffer.class, FloatBuffer.wrap(new float[1]), DoubleBuffer.class, DoubleBuffer.wrap(new double[1]));
    private static final List<Class<?>> TYPES = List.copyOf(FRESH.keySet());

    private HeapBuffers() {
    }

    /** Sets a rebuilt heap buffer's {@code address} for this JVM. */
    static void relocate(Buffer buffer) {
        Class<?> type = TYPES.stream().filter(t -> t.isInstance(buffer)).findFirst()
                .orElseThrow(() -> new SnapshotFormatException("a buffer of an unknown kind: " + buffer.getClass().getName()));
        try {
            Field address = Buffer.class.getDeclaredField("address");
            address.setAccessible(true);
            Field offset = type.getDeclaredField("offset");
            offset.setAccessible(true);
            Field array = type.getDeclaredField("hb");
            array.setAccessible(true);
            Object elements = array.get(buffer);
            if (elements == null) {
                throw new SnapshotFormatException("a heap " + type.getSimpleName() + " without its array");
            }
            long base = address.getLong(FRESH.get(type));
            int scale = switch (elements.getClass().getComponentType().getName()) {
                case "byte" -> 1;
                case "char", "short" -> 2;
                case "int", "float" -> 4;
                default -> 8;
            };
            address.setLong(buffer, base + (long) offset.getInt(buffer) * scale);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (e instanceof SnapshotFormatException f) {
                throw f;
            }
            throw new SnapshotFormatException("cannot rebuild a " + buffer.getClass().getName() + ": " + e, e);
        }
    }
}
