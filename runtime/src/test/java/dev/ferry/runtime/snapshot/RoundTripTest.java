package dev.ferry.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.runtime.continuation.Continuation;
import dev.ferry.runtime.continuation.EntryKind;
import dev.ferry.runtime.continuation.FrameState;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every JDK type a task keeps in its state, through a snapshot and back: equal, same concrete type, not shared. */
class RoundTripTest {
    private static final PrintStream NONE = new PrintStream(PrintStream.nullOutputStream());

    static Object roundTrip(Object value) throws Exception {
        Continuation c = new Continuation("java.lang.Object", List.of(), EntryKind.MAIN,
                List.of(new FrameState("java.lang.Object", "main", "()V", 0, new Object[] {value}, new Object[0])),
                Collections.emptyMap(), Map.of());
        byte[] bytes = SnapshotCodec.encode(new Snapshot("t", 0, "1", "h", Instant.EPOCH, 0, 0, c), NONE, NONE);
        return SnapshotCodec.decode(bytes).continuation(RoundTripTest.class.getClassLoader()).frames().get(0).locals()[0];
    }

    /** What a library's lock-free class holds in static finals, for the handle tests below. */
    static final class Counted {
        private volatile long count;
        private static int made;

        private long add(long by) {
            count += by;
            return count;
        }

        static int twice(int x) {
            return 2 * x;
        }
    }

    @org.junit.jupiter.api.Test
    void varAndMethodHandles_travelAsWhatMadeThem_andWorkWhereTheyArrive() throws Throwable {
        java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.privateLookupIn(Counted.class,
                java.lang.invoke.MethodHandles.lookup());
        java.lang.invoke.MethodType longOfLong = java.lang.invoke.MethodType.methodType(long.class, long.class);
        List<Object> handles = new ArrayList<>(List.of(
                lookup.findVarHandle(Counted.class, "count", long.class),
                lookup.findStaticVarHandle(Counted.class, "made", int.class),
                java.lang.invoke.MethodHandles.arrayElementVarHandle(String[].class),
                lookup.findVirtual(Counted.class, "add", longOfLong),
                lookup.findStatic(Counted.class, "twice", java.lang.invoke.MethodType.methodType(int.class, int.class)),
                lookup.findConstructor(Counted.class, java.lang.invoke.MethodType.methodType(void.class)),
                lookup.findGetter(Counted.class, "count", long.class),
                lookup.findVirtual(String.class, "length", java.lang.invoke.MethodType.methodType(int.class))));
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) roundTrip(handles);
        Counted c = (Counted) ((java.lang.invoke.MethodHandle) back.get(5)).invoke();
        assertEquals(5L, (long) ((java.lang.invoke.MethodHandle) back.get(3)).invoke(c, 5L));
        assertTrue(((java.lang.invoke.VarHandle) back.get(0)).compareAndSet(c, 5L, 7L));
        assertEquals(7L, (long) ((java.lang.invoke.MethodHandle) back.get(6)).invoke(c));
        ((java.lang.invoke.VarHandle) back.get(1)).set(3);
        assertEquals(3, Counted.made);
        String[] words = {"a", "b"};
        ((java.lang.invoke.VarHandle) back.get(2)).set(words, 1, "moved");
        assertEquals("moved", words[1]);
        assertEquals(8, (int) ((java.lang.invoke.MethodHandle) back.get(4)).invoke(4));
        assertEquals(5, (int) ((java.lang.invoke.MethodHandle) back.get(7)).invoke("hello"));
    }

    @org.junit.jupiter.api.Test
    void aHandleBuiltByCombinators_keepsTheTaskFromMoving_sayingWhy() throws Exception {
        java.lang.invoke.MethodHandle bound = java.lang.invoke.MethodHandles.lookup()
                .findVirtual(String.class, "length", java.lang.invoke.MethodType.methodType(int.class)).bindTo("x");
        NotMovableException e = assertThrows(NotMovableException.class, () -> roundTrip(new ArrayList<>(List.of(bound))));
        assertTrue(e.getMessage().contains("built by combinators"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aBuiltSnapshot_letsGoOfItsBytes_thoughItsReaderLivesOn_andCannotBeBuiltTwice() throws Exception {
        Continuation c = new Continuation("java.lang.Object", List.of(), EntryKind.MAIN,
                List.of(new FrameState("java.lang.Object", "main", "()V", 0, new Object[] {new long[100_000]},
                        new Object[0])), Collections.emptyMap(), Map.of());
        byte[] bytes = SnapshotCodec.encode(new Snapshot("t", 0, "1", "h", Instant.EPOCH, 0, 0, c), NONE, NONE);
        java.lang.ref.WeakReference<byte[]> snapshotBytes = new java.lang.ref.WeakReference<>(bytes);
        SnapshotReader reader = SnapshotCodec.decode(bytes);
        bytes = null;
        Continuation back = reader.continuation(RoundTripTest.class.getClassLoader());
        assertEquals(100_000, ((long[]) back.frames().get(0).locals()[0]).length);
        // A resumed task's class loader holds its reader for the task's life; the bytes must not come with it.
        for (int i = 0; i < 20 && snapshotBytes.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(snapshotBytes.get(), "the snapshot's bytes are still held by its reader");
        IllegalStateException again = assertThrows(IllegalStateException.class,
                () -> reader.continuation(RoundTripTest.class.getClassLoader()));
        assertTrue(again.getMessage().contains("decode it again"), again.getMessage());
        assertNotNull(reader.header());
    }

    @org.junit.jupiter.api.Test
    void bigArraysAmongSmallOnesComeBackWhereTheyWere() throws Exception {
        long[] big = new long[20_000];        // 160 KB: copied in when the snapshot is assembled
        double[] bigger = new double[50_000];
        int[] small = {1, 2, 3};
        for (int i = 0; i < big.length; i++) {
            big[i] = i * 0x9E3779B97F4A7C15L;
        }
        for (int i = 0; i < bigger.length; i++) {
            bigger[i] = i / 7.0;
        }
        Object[] graph = {small, big, "between", bigger, small, new byte[70_000], new char[] {'x'}};
        Object[] back = (Object[]) roundTrip(graph);
        org.junit.jupiter.api.Assertions.assertArrayEquals(small, (int[]) back[0]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(big, (long[]) back[1]);
        org.junit.jupiter.api.Assertions.assertEquals("between", back[2]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(bigger, (double[]) back[3]);
        org.junit.jupiter.api.Assertions.assertSame(back[0], back[4]);
        org.junit.jupiter.api.Assertions.assertEquals(70_000, ((byte[]) back[5]).length);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new char[] {'x'}, (char[]) back[6]);
    }

    static Stream<Arguments> values() {
        TreeMap<String, Integer> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseless.put("B", 2);
        caseless.put("a", 1);
        TreeSet<Integer> reversed = new TreeSet<>(Collections.reverseOrder());
        reversed.addAll(List.of(3, 1, 2));
        EnumMap<TimeUnit, String> enumMap = new EnumMap<>(TimeUnit.class);
        enumMap.put(TimeUnit.SECONDS, "s");
        ConcurrentHashMap<String, Long> chm = new ConcurrentHashMap<>(Map.of("x", 1L, "y", 2L));
        return Stream.of(
                Arguments.of("String", "héllo ✓"),
                Arguments.of("BigInteger", new BigInteger("123456789012345678901234567890")),
                Arguments.of("BigDecimal", new BigDecimal("3.14159265358979323846")),
                Arguments.of("java.time", List.of(Instant.ofEpochSecond(12345, 678), Duration.ofMillis(1500),
                        LocalDate.of(2026, 11, 25), ZonedDateTime.parse("2026-11-25T10:00:00+01:00[Europe/Paris]"))),
                Arguments.of("StringBuilder", new StringBuilder("abc").append(42)),
                Arguments.of("ArrayList", new ArrayList<>(List.of(1, "two", 3.0))),
                Arguments.of("LinkedList", new LinkedList<>(List.of("a", "b", "c"))),
                Arguments.of("ArrayDeque", new ArrayDeque<>(List.of(5, 6, 7))),
                Arguments.of("HashMap", new HashMap<>(Map.of("a", 1, "b", 2, "c", 3))),
                Arguments.of("LinkedHashMap", new LinkedHashMap<>(Map.of("z", 26))),
                Arguments.of("TreeMap with a comparator", caseless),
                Arguments.of("HashSet", new HashSet<>(Set.of(1, 2, 3))),
                Arguments.of("LinkedHashSet", new LinkedHashSet<>(List.of("q", "w", "e"))),
                Arguments.of("TreeSet with a comparator", reversed),
                Arguments.of("EnumMap", enumMap),
                Arguments.of("EnumSet", EnumSet.of(TimeUnit.DAYS, TimeUnit.HOURS)),
                Arguments.of("ConcurrentHashMap", chm),
                Arguments.of("List.of / Map.of / Set.of", List.of(List.of(1, 2, 3), Map.of("k", "v", "k2", "v2"), Set.of("s"))),
                Arguments.of("Optional", List.of(Optional.of("x"), Optional.empty())),
                Arguments.of("UUID, Path, Pattern, Charset", List.of(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                        Path.of("/tmp/x y"), StandardCharsets.UTF_8)),
                Arguments.of("empty singletons", List.of(Collections.emptyList(), Collections.emptyMap())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void roundTrip_isEqual_ofTheSameType_andACopy(String name, Object value) throws Exception {
        Object back = roundTrip(value);
        assertEquals(value.getClass(), back.getClass());
        if (value.getClass().isArray()) {
            return;
        }
        assertEquals(comparable(value), comparable(back));
        if (!(value instanceof String || value instanceof BigInteger || value instanceof BigDecimal)) {
            assertNotSame(value, back);
        }
    }

    /** Builders and deques compare by identity; their text is what must survive. */
    private static Object comparable(Object v) {
        return v instanceof StringBuilder || v instanceof ArrayDeque ? v.toString() : v;
    }

    @Test
    void arrays_keepTheirContents() throws Exception {
        Object[] arrays = {new int[] {1, -2}, new long[] {Long.MIN_VALUE}, new double[] {Math.PI}, new char[] {'é'},
            new boolean[] {true, false}, new short[] {-7}, new float[] {1.5f}, new byte[] {-1}};
        Object[] back = (Object[]) roundTrip(arrays);
        for (int i = 0; i < arrays.length; i++) {
            assertTrue(java.util.Objects.deepEquals(arrays[i], back[i]), "array " + i);
        }
    }

    @Test
    void jdkSingletons_comeBackAsThisJvmsOwn_soIdentityComparisonsHold() throws Exception {
        // Optional.empty() and the rest were copied field by field: `o == Optional.empty()` failed after
        // a move, and Function.identity() (a JDK lambda) could not be written at all.
        List<Object> singletons = List.of(java.util.Optional.empty(), java.util.OptionalInt.empty(),
                java.util.OptionalLong.empty(), java.util.OptionalDouble.empty(), Collections.emptySortedSet(),
                Collections.emptyNavigableMap(), Collections.emptyIterator(), Collections.emptyListIterator(),
                Collections.emptyEnumeration(), java.util.function.Function.identity(),
                java.util.function.UnaryOperator.identity(), java.math.BigInteger.ONE, java.math.BigInteger.ZERO,
                java.math.BigDecimal.ZERO, java.math.BigDecimal.TEN);
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) roundTrip(new ArrayList<>(singletons));
        for (int i = 0; i < singletons.size(); i++) {
            assertSame(singletons.get(i), back.get(i), "singleton " + i + ": " + singletons.get(i));
        }
        assertEquals(java.math.BigInteger.valueOf(12345), roundTrip(java.math.BigInteger.valueOf(12345)),
                "other values are copied as before");
    }

    @Test
    void enums_comeBackAsTheSameConstants() throws Exception {
        assertSame(TimeUnit.SECONDS, roundTrip(TimeUnit.SECONDS));
    }

    @Test
    void randoms_continueTheSameSequence() throws Exception {
        Random random = new Random(42);
        random.nextInt();
        SplittableRandom split = new SplittableRandom(7);
        split.nextLong();
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) roundTrip(new ArrayList<>(List.of(random, split)));
        assertEquals(random.nextLong(), ((Random) back.get(0)).nextLong());
        assertEquals(split.nextLong(), ((SplittableRandom) back.get(1)).nextLong());
    }

    @Test
    void exceptions_keepMessageCauseAndStackTrace() throws Exception {
        IllegalStateException e = new IllegalStateException("outer", new java.io.IOException("inner"));
        Throwable back = (Throwable) roundTrip(e);
        assertEquals("outer", back.getMessage());
        assertEquals("inner", back.getCause().getMessage());
        assertEquals(java.io.IOException.class, back.getCause().getClass());
        assertEquals(List.of(e.getStackTrace()), List.of(back.getStackTrace()));
        back.addSuppressed(new RuntimeException("later")); // the suppressed-list sentinel survived too
        assertEquals(1, back.getSuppressed().length);
    }

    @Test
    void liveIterators_continueWhereTheyWere() throws Exception {
        List<String> list = new ArrayList<>(List.of("a", "b", "c", "d"));
        Iterator<String> it = list.iterator();
        it.next();
        TreeMap<Integer, String> tree = new TreeMap<>(Map.of(1, "x", 2, "y", 3, "z"));
        Iterator<Integer> keys = tree.keySet().iterator();
        keys.next();
        @SuppressWarnings("unchecked")
        List<Iterator<?>> back = (List<Iterator<?>>) roundTrip(new ArrayList<>(List.of(it, keys)));
        List<Object> rest = new ArrayList<>();
        back.get(0).forEachRemaining(rest::add);
        back.get(1).forEachRemaining(rest::add);
        assertEquals(List.of("b", "c", "d", 2, 3), rest);
    }

    @Test
    void identityHashMap_findsItsKeysAfterwards() throws Exception {
        IdentityHashMap<Object, String> map = new IdentityHashMap<>();
        Object key = new StringBuilder("k");
        map.put(key, "v");
        List<Object> holder = new ArrayList<>(List.of(map, key));
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) roundTrip(holder);
        assertEquals("v", ((IdentityHashMap<?, ?>) back.get(0)).get(back.get(1)));
    }

    @Test
    void sharingAndCycles_surviveAndLongChainsNeedNoDeepStack() throws Exception {
        LinkedList<Object> chain = new LinkedList<>();
        for (int i = 0; i < 200_000; i++) {
            chain.add(i);
        }
        Object[] shared = {chain, chain};
        Object[] back = (Object[]) roundTrip(shared);
        assertSame(back[0], back[1]);
        assertEquals(200_000, ((List<?>) back[0]).size());
        assertEquals(Pattern.compile("a+b", Pattern.CASE_INSENSITIVE).pattern(),
                ((Pattern) roundTrip(Pattern.compile("a+b", Pattern.CASE_INSENSITIVE))).pattern());
    }
}
