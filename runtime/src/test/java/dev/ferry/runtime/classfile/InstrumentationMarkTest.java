package dev.ferry.runtime.classfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.runtime.continuation.FrameDebug;
import dev.ferry.runtime.engine.ClassMeta;
import dev.ferry.runtime.engine.MethodMeta;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class InstrumentationMarkTest {
    /** A class with every kind of constant that takes two pool entries, and code to run after marking. */
    public static final class Constants implements LongSupplier {
        static final double HALF = 0.5;

        @Override
        public long getAsLong() {
            long big = 1L << 40;
            double d = Math.sqrt(HALF * 8.0);
            return big + (long) d + "x".length();
        }
    }

    private static final InstrumentationMark MARK = new InstrumentationMark("7", new ClassMeta("ab12",
            Map.of("main([Ljava/lang/String;)V", new MethodMeta(new int[] {17, 3}, null, Map.of(9, "a synchronized block"),
                            java.util.List.of(new FrameDebug(12, java.util.Arrays.asList("args", null, "i")), FrameDebug.NONE)),
                    "<init>()V", MethodMeta.notCapturable("a constructor"),
                    "<init>(I)V", new MethodMeta(new int[0], new int[] {21}, new int[] {30, 9}, null, Map.of(4, "before super()"),
                            java.util.List.of()))));

    private static byte[] classBytes(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName().replace('.', '$') + ".class")) {
            return in.readAllBytes();
        }
    }

    private static byte[] constantsClass() throws IOException {
        try (InputStream in = Constants.class.getResourceAsStream("InstrumentationMarkTest$Constants.class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void markedClass_readsBackTheSameMark_debugNamesIncluded() throws IOException {
        byte[] marked = MARK.addTo(constantsClass());
        InstrumentationMark read = InstrumentationMark.read(marked);
        assertEquals(MARK, read);
        MethodMeta main = read.meta().methods().get("main([Ljava/lang/String;)V");
        assertEquals(MARK.meta().methods().get("main([Ljava/lang/String;)V").debug(), main.debug(), "names, nulls and lines");
        assertArrayEquals(new int[] {3, 17}, main.capturableBcis());
        assertEquals("a constructor", read.meta().methods().get("<init>()V").notCapturableWhy());
        assertArrayEquals(new int[] {21}, read.meta().methods().get("<init>(I)V").passThroughBcis(), "a split constructor");
        assertArrayEquals(new int[] {9, 30}, read.meta().methods().get("<init>(I)V").constructionBcis());
    }

    @Test
    void unmarkedClass_hasNoMark() throws IOException {
        assertNull(InstrumentationMark.read(constantsClass()));
        assertNull(InstrumentationMark.read(classBytes(InstrumentationMarkTest.class)));
    }

    @Test
    void markedClass_isStillAClassTheJvmLoadsAndRuns_withItsCodeUntouched() throws Exception {
        byte[] original = constantsClass();
        byte[] marked = MARK.addTo(original);
        String name = Constants.class.getName();
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
                return n.equals(name) ? defineClass(n, marked, 0, marked.length) : super.loadClass(n, resolve);
            }
        };
        Class<?> c = loader.loadClass(name);
        LongSupplier s = (LongSupplier) c.getDeclaredConstructor().newInstance();
        assertEquals(new Constants().getAsLong(), s.getAsLong());
        // Everything up to the constant pool's end, and everything after it up to the class attributes, is unchanged.
        ClassFileLayout before = ClassFileLayout.of(original);
        assertTrue(Arrays.equals(original, 10, before.constantPoolEnd, marked, 10, before.constantPoolEnd));
        int shift = 3 + InstrumentationMark.ATTRIBUTE.length();
        assertTrue(Arrays.equals(original, before.constantPoolEnd, before.attributesCountOffset,
                marked, before.constantPoolEnd + shift, before.attributesCountOffset + shift), "fields and methods byte for byte");
    }

    @Test
    void aMarkInAnOlderFormat_stillNamesItsEngineVersion_soThePluginCanSayRebuild() throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(1); // format 1, then the engine version, then a layout this Ferry no longer reads
        body.write(new byte[] {0, 0, 0, 1, '2', 9, 9});
        byte[] old = ClassFileLayout.of(constantsClass()).withClassAttribute(InstrumentationMark.ATTRIBUTE, body.toByteArray());
        assertEquals("2", InstrumentationMark.markedEngineVersion(old));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InstrumentationMark.read(old));
        assertTrue(e.getMessage().contains("format 1"), e.getMessage());
        assertEquals(MARK.engineVersion(), InstrumentationMark.markedEngineVersion(MARK.addTo(constantsClass())));
        assertNull(InstrumentationMark.markedEngineVersion(constantsClass()));
    }

    @Test
    void markingTwice_isRefused() throws IOException {
        byte[] marked = MARK.addTo(constantsClass());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MARK.addTo(marked));
        assertTrue(e.getMessage().contains("already marked"), e.getMessage());
    }

    @Test
    void truncatedOrForeignBytes_areRefusedWithWhatIsWrong() throws IOException {
        byte[] marked = MARK.addTo(constantsClass());
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class,
                () -> InstrumentationMark.read(Arrays.copyOf(marked, marked.length - 5)));
        assertTrue(cut.getMessage().contains("truncated") || cut.getMessage().contains("damaged"), cut.getMessage());
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> InstrumentationMark.read("not a class".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertTrue(foreign.getMessage().contains("is not a class file"), foreign.getMessage());
    }

    @Test
    void damagedMarkBody_isRefused_notMisread() throws IOException {
        byte[] marked = MARK.addTo(constantsClass());
        byte[] damaged = marked.clone();
        // The body ends the file; its last bytes are the last debug entry's name count: make it huge.
        damaged[damaged.length - 4] = 0x7F;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InstrumentationMark.read(damaged));
        assertTrue(e.getMessage().contains("damaged Ferry mark"), e.getMessage());
    }
}
