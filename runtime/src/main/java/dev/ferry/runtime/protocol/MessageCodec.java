package dev.ferry.runtime.protocol;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.ValueOut;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;
import net.openhft.chronicle.wire.WireType;

/**
 * {@link Message}s to Chronicle Wire (binary) documents and back: a {@code type} field with the
 * record's simple name, then its components by name, in declaration order. Records are read
 * component by component, so Chronicle never sees a record itself (it cannot build one).
 *
 * <p>An encoded message is a 4-byte big-endian length, the document, then the contents of its
 * {@code byte[]} components, raw, in order (the document holds their lengths): snapshot and code
 * chunks move at memory speed instead of through the document.
 *
 * <p>Thread-safe: each record's layout is computed once — the messages' at class initialization,
 * nested records' (a {@code TaskReport} in a {@code Hello}) the first time one is met.
 */
public final class MessageCodec {
    private static final Map<String, Layout> BY_NAME = new HashMap<>();
    private static final Map<Class<?>, Layout> BY_CLASS = new java.util.concurrent.ConcurrentHashMap<>();

    static {
        for (Class<?> type : Message.class.getPermittedSubclasses()) {
            Layout layout = new Layout(type);
            BY_NAME.put(type.getSimpleName(), layout);
            BY_CLASS.put(type, layout);
        }
    }

    private MessageCodec() {
    }

    /** One record type's components and canonical constructor. */
    private static final class Layout {
        final RecordComponent[] components;
        final Constructor<?> constructor;

        Layout(Class<?> type) {
            components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
            }
            try {
                constructor = type.getDeclaredConstructor(types);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("a record always has its canonical constructor: " + type, e);
            }
        }
    }

    /** An encoded message: its document, then the contents of its byte arrays, in order. */
    static final class Encoded {
        final byte[] document;
        final List<java.nio.ByteBuffer> blobs;
        final long length;

        Encoded(byte[] document, List<java.nio.ByteBuffer> blobs) {
            this.document = document;
            this.blobs = blobs;
            long n = 4L + document.length;
            for (java.nio.ByteBuffer blob : blobs) {
                n += blob.remaining();
            }
            this.length = n;
        }

        /** Writes the message (not its frame length): no copy of the byte arrays is made. */
        void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
            out.writeInt(document.length);
            out.write(document);
            for (java.nio.ByteBuffer blob : blobs) {
                out.write(blob.array(), blob.arrayOffset() + blob.position(), blob.remaining());
            }
        }
    }

    static Encoded encodeParts(Message message) {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(256);
        Wire wire = WireType.BINARY_LIGHT.apply(bytes);
        wire.write("type").text(message.getClass().getSimpleName());
        List<java.nio.ByteBuffer> blobs = new ArrayList<>(1);
        writeFields(wire, message, blobs);
        return new Encoded(bytes.toByteArray(), blobs);
    }

    /** The message as bytes: a document length, the binary Wire document, the byte arrays. */
    public static byte[] encode(Message message) {
        Encoded e = encodeParts(message);
        if (e.length > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a message of " + e.length + " bytes is too large");
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) e.length);
        try {
            e.writeTo(new java.io.DataOutputStream(out));
        } catch (java.io.IOException impossible) {
            throw new java.io.UncheckedIOException(impossible);
        }
        return out.toByteArray();
    }

    /**
     * Reads a message.
     *
     * @throws ProtocolException if the bytes are not a message this version knows, naming what is wrong
     */
    public static Message decode(byte[] data) {
        try {
            return read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(data)), data.length);
        } catch (java.io.IOException e) {
            throw new ProtocolException("a message cut short (" + e + ")", e);
        }
    }

    /**
     * Reads a message of {@code length} bytes from {@code in}; byte arrays are read straight from
     * the stream into their own arrays.
     *
     * @throws ProtocolException if it is not a message this version knows (the stream is then unusable)
     */
    static Message read(java.io.DataInputStream in, int length) throws java.io.IOException {
        return read(in, length, n -> null);
    }

    /**
     * As {@link #read(java.io.DataInputStream, int)}; a {@code ByteBuffer} component of n bytes is
     * read straight into {@code placeFor.apply(n)} when that offers room (the buffer returned is then
     * a view of it), so a receiver can assemble chunks where they belong with no copy.
     */
    static Message read(java.io.DataInputStream in, int length, java.util.function.IntFunction<java.nio.ByteBuffer> placeFor)
            throws java.io.IOException {
        if (length < 4) {
            throw new ProtocolException("a message of " + length + " bytes");
        }
        int document = in.readInt();
        if (document < 0 || document > length - 4) {
            throw new ProtocolException("a document of " + document + " bytes in a message of " + length);
        }
        byte[] doc = new byte[document];
        in.readFully(doc);
        Blobs blobs = new Blobs(in, length - 4 - document, placeFor);
        Message m;
        try {
            Wire wire = WireType.BINARY_LIGHT.apply(Bytes.wrapForRead(doc));
            String type = wire.read("type").text();
            Class<?> cls = type == null ? null : layoutClass(type);
            if (cls == null) {
                throw new ProtocolException("unknown message type '" + type + "'");
            }
            m = (Message) readRecord(wire, cls, blobs);
        } catch (ProtocolException e) {
            throw e;
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            throw new ProtocolException("malformed message (" + e + ")", e);
        }
        if (blobs.remaining != 0) {
            throw new ProtocolException(blobs.remaining + " bytes after the message");
        }
        return m;
    }

    private static Class<?> layoutClass(String type) {
        Layout layout = BY_NAME.get(type);
        return layout == null ? null : layout.constructor.getDeclaringClass();
    }

    private static Layout layout(Class<?> type) {
        return BY_CLASS.computeIfAbsent(type, Layout::new);
    }

    /** The raw {@code byte[]} contents after a message's document, read in order from the stream. */
    private static final class Blobs {
        final java.io.DataInputStream in;
        final java.util.function.IntFunction<java.nio.ByteBuffer> placeFor;
        long remaining;

        Blobs(java.io.DataInputStream in, long remaining, java.util.function.IntFunction<java.nio.ByteBuffer> placeFor) {
            this.in = in;
            this.remaining = remaining;
            this.placeFor = placeFor;
        }

        /** A byte buffer's contents: into the place offered for it if there is one, else a new array. */
        java.nio.ByteBuffer nextBuffer(long length) {
            if (length < 0 || length > remaining) {
                throw new ProtocolException("a byte array of " + length + " bytes where " + remaining + " remain");
            }
            java.nio.ByteBuffer place = placeFor.apply((int) length);
            if (place == null || !place.hasArray() || place.remaining() < length) {
                return java.nio.ByteBuffer.wrap(next(length));
            }
            try {
                in.readFully(place.array(), place.arrayOffset() + place.position(), (int) length);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            remaining -= length;
            java.nio.ByteBuffer view = place.slice();
            view.limit((int) length);
            return view;
        }

        byte[] next(long length) {
            if (length < 0 || length > remaining) {
                throw new ProtocolException("a byte array of " + length + " bytes where " + remaining + " remain");
            }
            byte[] blob = new byte[(int) length];
            try {
                in.readFully(blob);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            remaining -= length;
            return blob;
        }
    }

    private static void writeFields(WireOut wire, Object record, List<java.nio.ByteBuffer> blobs) {
        for (RecordComponent c : layout(record.getClass()).components) {
            Object value;
            try {
                value = c.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + c, e);
            }
            write(wire.write(c.getName()), value, c.getGenericType(), blobs);
        }
    }

    private static void write(ValueOut out, Object value, Type type, List<java.nio.ByteBuffer> blobs) {
        Class<?> raw = rawType(type);
        if (raw == String.class) {
            out.text((String) value);
        } else if (raw == long.class) {
            out.int64((Long) value);
        } else if (raw == int.class) {
            out.int32((Integer) value);
        } else if (raw == double.class) {
            out.float64((Double) value);
        } else if (raw == boolean.class) {
            out.bool((Boolean) value);
        } else if (raw == byte[].class) {
            byte[] blob = value == null ? new byte[0] : (byte[]) value;
            blobs.add(java.nio.ByteBuffer.wrap(blob));
            out.int64(blob.length);
        } else if (raw == java.nio.ByteBuffer.class) {
            // A slice of a bigger array (a snapshot chunk): written from where it is, never copied.
            java.nio.ByteBuffer blob = value == null ? java.nio.ByteBuffer.allocate(0) : ((java.nio.ByteBuffer) value).duplicate();
            if (!blob.hasArray()) {
                throw new IllegalArgumentException("MessageCodec writes heap buffers only");
            }
            blobs.add(blob);
            out.int64(blob.remaining());
        } else if (raw == List.class) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            out.sequence((List<?>) value, (list, items) -> list.forEach(item -> write(items, item, element, blobs)));
        } else if (raw == Map.class) {
            out.sequence((Map<?, ?>) value, (map, items) -> map.forEach((k, v) ->
                    items.marshallable(m -> m.write("k").text((String) k).write("v").text((String) v))));
        } else if (raw.isRecord()) {
            out.marshallable(m -> writeFields(m, value, blobs));
        } else {
            throw new IllegalStateException("MessageCodec cannot encode " + type);
        }
    }

    private static Object readRecord(WireIn wire, Class<?> type, Blobs blobs) {
        Layout layout = layout(type);
        Object[] values = new Object[layout.components.length];
        for (int i = 0; i < values.length; i++) {
            RecordComponent c = layout.components[i];
            values[i] = read(wire.read(c.getName()), c.getGenericType(), c.getName(), blobs);
        }
        try {
            return layout.constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new ProtocolException("invalid " + type.getSimpleName() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type, e);
        }
    }

    private static Object read(ValueIn in, Type type, String name, Blobs blobs) {
        Class<?> raw = rawType(type);
        if (raw == String.class) {
            return in.text();
        } else if (raw == long.class) {
            return in.int64();
        } else if (raw == int.class) {
            return in.int32();
        } else if (raw == double.class) {
            return in.float64();
        } else if (raw == boolean.class) {
            return in.bool();
        } else if (raw == byte[].class) {
            return blobs.next(in.int64());
        } else if (raw == java.nio.ByteBuffer.class) {
            return blobs.nextBuffer(in.int64());
        } else if (raw == List.class) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            in.sequence(list, (l, items) -> {
                while (items.hasNextSequenceItem()) {
                    l.add(read(items, element, name, blobs));
                }
            });
            return List.copyOf(list);
        } else if (raw == Map.class) {
            Map<String, String> map = new LinkedHashMap<>();
            in.sequence(map, (m, items) -> {
                while (items.hasNextSequenceItem()) {
                    items.marshallable(e -> m.put(e.read("k").text(), e.read("v").text()));
                }
            });
            return java.util.Collections.unmodifiableMap(map);
        } else if (raw.isRecord()) {
            Object[] holder = new Object[1];
            in.marshallable(m -> {
                holder[0] = readRecord(m, raw, blobs);
            });
            if (holder[0] == null) {
                throw new ProtocolException("missing field '" + name + "'");
            }
            return holder[0];
        }
        throw new IllegalStateException("MessageCodec cannot decode " + type);
    }

    private static Class<?> rawType(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }
}
