package dev.ferry.runtime.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProtocolTest {
    private static final ClusterSecret SECRET = ClusterSecret.of("correct horse battery staple");

    /** One of every message type, each field filled with a value of its type: all must survive the codec. */
    @Test
    void everyMessageTypeRoundTrips() throws Exception {
        for (Class<?> type : Message.class.getPermittedSubclasses()) {
            Object message = sample(type);
            Object back = MessageCodec.decode(MessageCodec.encode((Message) message));
            for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
                Object sent = c.getAccessor().invoke(message);
                Object got = c.getAccessor().invoke(back);
                if (sent instanceof byte[] bytes) {
                    assertArrayEquals(bytes, (byte[]) got, type.getSimpleName() + "." + c.getName());
                } else {
                    assertEquals(sent, got, type.getSimpleName() + "." + c.getName());
                }
            }
        }
    }

    private static Object sample(Class<?> record) throws Exception {
        java.lang.reflect.RecordComponent[] components = record.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = sampleValue(components[i].getGenericType(), i);
        }
        return record.getDeclaredConstructor(types).newInstance(values);
    }

    private static Object sampleValue(java.lang.reflect.Type type, int i) throws Exception {
        Class<?> raw = type instanceof java.lang.reflect.ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == String.class) {
            return "value-" + i + " \u00e9\n";
        } else if (raw == long.class) {
            return Long.MAX_VALUE - i;
        } else if (raw == int.class) {
            return -7 - i;
        } else if (raw == double.class) {
            return 0.25 + i;
        } else if (raw == boolean.class) {
            return i % 2 == 0;
        } else if (raw == byte[].class) {
            return new byte[] {(byte) i, -1, 0, 127};
        } else if (raw == java.nio.ByteBuffer.class) {
            return java.nio.ByteBuffer.wrap(new byte[] {9, 8, 7, 6}, 1, 2);
        } else if (raw == List.class) {
            return List.of(sampleValue(((java.lang.reflect.ParameterizedType) type).getActualTypeArguments()[0], i),
                    sampleValue(((java.lang.reflect.ParameterizedType) type).getActualTypeArguments()[0], i + 1));
        } else if (raw == Map.class) {
            return Map.of("k" + i, "v" + i);
        } else if (raw.isRecord()) {
            return sample(raw);
        }
        throw new AssertionError("a message field type the test does not know: " + type);
    }

    @Test
    void theUsualMessagesRoundTripExactly() {
        List<Message> messages = List.of(
                new Message.Hello("host-a", "127.0.0.1:7001", 2, "17", "1",
                        List.of(new Message.TaskReport("3", 2, "dev.ferry.samples.Counter", List.of("10", "5"), "RUNNING", 1700000000000L, 2))),
                new Message.Heartbeat(1, 0.5, 1000, 2000, List.of()),
                new Message.TaskOutput("3", "out", 1234567890123L, new byte[] {1, 2, 3, 0, -1}),
                new Message.Prepare("m1", "3", 2, "C", List.of("a"), 1L, 2, List.of(new Message.CodeEntry("classes", "ab", 12)),
                        Map.of("C", "ff", "D", "ee")),
                new Message.TaskEnded("3", 2, "FAILED", 1, null),
                new Message.Accepted("m1", true, ""));
        for (Message m : messages) {
            Message back = MessageCodec.decode(MessageCodec.encode(m));
            if (m instanceof Message.TaskOutput out) {
                assertArrayEquals(out.data(), ((Message.TaskOutput) back).data());
            } else {
                assertEquals(m, back);
            }
        }
    }

    @Test
    void aBufferTravelsAsTheSliceItIs() {
        byte[] snapshot = {0, 1, 2, 3, 4, 5, 6, 7};
        Message m = MessageCodec.decode(MessageCodec.encode(new Message.SnapshotChunk("m", 8,
                java.nio.ByteBuffer.wrap(snapshot, 2, 3), false, 0, 0)));
        java.nio.ByteBuffer data = ((Message.SnapshotChunk) m).data();
        byte[] got = new byte[data.remaining()];
        data.get(got);
        assertArrayEquals(new byte[] {2, 3, 4}, got);
    }

    @Test
    void aReceiverCanHaveABufferReadStraightIntoPlace() throws Exception {
        byte[] frame = MessageCodec.encode(new Message.SnapshotChunk("m", 8, java.nio.ByteBuffer.wrap(new byte[] {7, 8, 9}),
                true, 0, 0));
        byte[] snapshot = new byte[8];
        Message m = MessageCodec.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(frame)), frame.length,
                n -> java.nio.ByteBuffer.wrap(snapshot, 4, snapshot.length - 4));
        java.nio.ByteBuffer data = ((Message.SnapshotChunk) m).data();
        assertTrue(data.array() == snapshot, "read in place");
        assertArrayEquals(new byte[] {0, 0, 0, 0, 7, 8, 9, 0}, snapshot);
        assertEquals(3, data.remaining());
    }

    @Test
    void unknownAndMalformedMessagesAreProtocolErrors() {
        assertThrows(ProtocolException.class, () -> MessageCodec.decode(new byte[] {1, 2, 3, 4, 5, 6, 7}));
        byte[] good = MessageCodec.encode(new Message.Kill("3"));
        String text = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).replace("Kill", "Klil");
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.decode(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertTrue(e.getMessage().contains("Klil"), e.getMessage());
    }

    @Test
    void bothSidesWithTheSecretConnectAndTalk() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Message> received = CompletableFuture.supplyAsync(() -> {
                try (Connection c = Connection.accept(server.accept(), SECRET)) {
                    assertEquals("host-a", c.peerName());
                    return c.receive();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (Connection c = Connection.connect(address(server), SECRET, "host", "host-a", Duration.ofSeconds(5))) {
                c.send(new Message.Kill("7"));
            }
            assertEquals(new Message.Kill("7"), received.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aWrongSecretIsRefusedWithoutRevealingEitherSecret() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Throwable> serverSide = CompletableFuture.supplyAsync(() -> {
                try {
                    Connection.accept(server.accept(), SECRET);
                    return null;
                } catch (IOException | RuntimeException e) {
                    return e;
                }
            });
            ProtocolException e = assertThrows(ProtocolException.class, () -> Connection.connect(address(server),
                    ClusterSecret.of("not the right secret at all"), "host", "h", Duration.ofSeconds(5)));
            assertTrue(e.getMessage().contains("wrong cluster secret"), e.getMessage());
            assertInstanceOf(ProtocolException.class, serverSide.get(10, TimeUnit.SECONDS));
            assertTrue(!e.getMessage().contains("horse"));
        }
    }

    @Test
    void aHostWithoutTheSecretIsToldWhatToDo() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try {
                    Connection.accept(server.accept(), SECRET);
                } catch (IOException | RuntimeException expected) {
                    // the client gives up first
                }
            });
            ProtocolException e = assertThrows(ProtocolException.class, () -> Connection.connect(address(server),
                    ClusterSecret.NONE, "host", "h", Duration.ofSeconds(5)));
            assertTrue(e.getMessage().contains("--secret-file"), e.getMessage());
        }
    }

    @Test
    void anOversizedFrameIsRefusedNotAllocated() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Throwable> serverSide = CompletableFuture.supplyAsync(() -> {
                try (Connection c = Connection.accept(server.accept(), ClusterSecret.NONE)) {
                    c.receive();
                    return null;
                } catch (IOException | RuntimeException e) {
                    return e;
                }
            });
            try (Connection c = Connection.connect(address(server), ClusterSecret.NONE, "host", "h", Duration.ofSeconds(5))) {
                // Bypass send(): write a raw length far over the limit.
                Socket raw = rawSocket(c);
                DataOutputStream out = new DataOutputStream(raw.getOutputStream());
                out.writeInt(Integer.MAX_VALUE);
                out.flush();
                Throwable t = serverSide.get(10, TimeUnit.SECONDS);
                assertInstanceOf(ProtocolException.class, t);
                assertTrue(t.getMessage().contains("limit"), t.getMessage());
            }
        }
    }

    private static Socket rawSocket(Connection c) throws Exception {
        java.lang.reflect.Field f = Connection.class.getDeclaredField("socket");
        f.setAccessible(true);
        return (Socket) f.get(c);
    }

    private static InetSocketAddress address(ServerSocket server) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }
}
