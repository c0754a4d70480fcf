package dev.ferry.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.runtime.engine.ClassMeta;
import dev.ferry.runtime.engine.ClassRewriter;
import dev.ferry.runtime.engine.MethodMeta;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** Unit tests of the rewriter on small inputs ({@code dev.ferry.corpus.unit.Shapes}) and on the whole corpus. */
class RewriterTest {
    private static final Path CLASSES = Path.of("target/test-classes");
    private static final String SHAPES = "dev.ferry.corpus.unit.Shapes";

    /** The test classes as a class path, the JDK behind them. */
    static final ClassRewriter.ClassPathView VIEW = new FileClassPath(List.of(CLASSES));

    private final AsmClassRewriter rewriter = new AsmClassRewriter();

    private ClassRewriter.RewrittenClass rewrite(String className) throws IOException {
        return rewriter.rewrite(className, Files.readAllBytes(classFile(className)), VIEW);
    }

    /** {@link #VIEW} with one class's bytes replaced. */
    private static ClassRewriter.ClassPathView withClass(String internalName, byte[] bytes) {
        return new ClassRewriter.ClassPathView() {
            @Override
            public byte[] classBytes(String name) {
                return name.equals(internalName) ? bytes : VIEW.classBytes(name);
            }

            @Override
            public boolean isTaskClass(String name) {
                return VIEW.isTaskClass(name);
            }

            @Override
            public java.util.Collection<String> taskClassNames() {
                return VIEW.taskClassNames();
            }
        };
    }

    private static Path classFile(String className) {
        return CLASSES.resolve(className.replace('.', '/') + ".class");
    }

    private static MethodNode method(byte[] classBytes, String name) {
        ClassNode node = new ClassNode();
        new ClassReader(classBytes).accept(node, 0);
        return node.methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }

    @Test
    void constructorsAreNeverResumePoints_theirBodiesAndSynchronizedMethodsAre() throws IOException {
        ClassRewriter.RewrittenClass rewritten = rewrite(SHAPES);
        ClassMeta meta = rewritten.meta();
        MethodMeta split = meta.methods().get("<init>()V");
        assertNull(split.notCapturableWhy(), split.toString());
        assertEquals(0, split.capturableBcis().length, "no resume point of its own: " + split);
        assertEquals(1, split.passThroughBcis().length, "a capture passes through at the body call: " + split);
        MethodMeta body = meta.methods().get("ferry$ctor$dev$ferry$corpus$unit$Shapes()V");
        assertEquals(2, body.capturableBcis().length, "the body's entry and its call: " + body);
        assertTrue(meta.methods().get("<init>(I)V").notCapturableWhy().contains("constructor"));
        ClassNode node = new ClassNode();
        new ClassReader(rewritten.bytes()).accept(node, 0);
        MethodNode bodyNode = method(rewritten.bytes(), "ferry$ctor$dev$ferry$corpus$unit$Shapes");
        assertEquals(org.objectweb.asm.Opcodes.ACC_PUBLIC | org.objectweb.asm.Opcodes.ACC_SYNTHETIC, bodyNode.access);
        int lockAccess = node.fields.stream().filter(f -> f.name.equals("lock")).findFirst().orElseThrow().access;
        assertEquals(0, lockAccess & org.objectweb.asm.Opcodes.ACC_FINAL, "the body assigns it");
        MethodMeta locked = meta.methods().get("locked()I");
        assertNull(locked.notCapturableWhy());
        assertEquals(2, locked.capturableBcis().length, "its entry and its call: " + locked);
        assertNull(meta.methods().get("loop(I)I").notCapturableWhy());
    }

    @Test
    void quietMethodsOfAClassInstrumentedAtBuildTime_areReadFromItsMark_withTheSameResult() throws IOException {
        String caller = "dev.ferry.corpus.unit.CallsShapes";
        byte[] callerBytes = Files.readAllBytes(classFile(caller));
        ClassRewriter.RewrittenClass plain = new AsmClassRewriter().rewrite(caller, callerBytes, VIEW);
        MethodMeta meta = plain.meta().methods().get("viaOtherClass(I)I");
        assertEquals(2, meta.capturableBcis().length, "its entry and the call to work, not the call to helper: " + meta);

        byte[] markedShapes = new AsmClassRewriter().instrument(SHAPES, Files.readAllBytes(classFile(SHAPES)), VIEW).bytes();
        ClassRewriter.ClassPathView marked = withClass(SHAPES.replace('.', '/'), markedShapes);
        ClassRewriter.RewrittenClass beside = new AsmClassRewriter().rewrite(caller, callerBytes, marked);
        assertEquals(meta, beside.meta().methods().get("viaOtherClass(I)I"));
        assertArrayEquals(plain.bytes(), beside.bytes());

        // What decides is the mark, not the rewritten code: a mark that calls `work` quiet is believed.
        ClassRewriter.RewrittenClass shapes = new AsmClassRewriter().rewrite(SHAPES, Files.readAllBytes(classFile(SHAPES)), VIEW);
        Map<String, MethodMeta> forged = new java.util.HashMap<>(shapes.meta().methods());
        forged.put("work(I)I", MethodMeta.notCapturable(QuietMethods.QUIET));
        byte[] forgedShapes = new dev.ferry.runtime.classfile.InstrumentationMark(AsmClassRewriter.ENGINE_VERSION,
                new dev.ferry.runtime.engine.ClassMeta(shapes.meta().fingerprint(), forged)).addTo(shapes.bytes());
        ClassRewriter.ClassPathView forgedView = withClass(SHAPES.replace('.', '/'), forgedShapes);
        MethodMeta believed = new AsmClassRewriter().rewrite(caller, callerBytes, forgedView).meta().methods()
                .get("viaOtherClass(I)I");
        assertEquals(QuietMethods.QUIET, believed.notCapturableWhy(), "both calls quiet by the marks: " + believed);
    }

    @Test
    void aClassRewrittenAgain_forAClassPathOfTheSameContent_comesFromTheCache_andForAnotherIsRewritten() throws IOException {
        AsmClassRewriter fresh = new AsmClassRewriter();
        byte[] original = Files.readAllBytes(classFile(SHAPES));
        ClassRewriter.RewrittenClass first = new AsmClassRewriter().rewrite(SHAPES, original, new FileClassPath(List.of(CLASSES)));
        ClassRewriter.RewrittenClass again = fresh.rewrite(SHAPES, original, new FileClassPath(List.of(CLASSES)));
        assertEquals(1, fresh.cacheHits(), "a second loader over the same classes");
        assertArrayEquals(first.bytes(), again.bytes());
        assertEquals(first.meta(), again.meta());

        // Another class of the path changed: calls into it may have changed meaning, so no reuse.
        String other = "dev/ferry/corpus/unit/CallsShapes";
        byte[] changed = java.util.Arrays.copyOf(VIEW.classBytes(other), VIEW.classBytes(other).length);
        ClassNode node = new ClassNode();
        new ClassReader(changed).accept(node, 0);
        node.sourceFile = "Changed.java";
        ClassWriter writer = new ClassWriter(0);
        node.accept(writer);
        byte[] changedBytes = writer.toByteArray();
        ClassRewriter.ClassPathView edited = withClass(other, changedBytes);
        fresh.rewrite(SHAPES, original, edited);
        assertEquals(1, fresh.cacheHits(), "the class path's content differs");
        ClassRewriter.ClassPathView unlisted = new ClassRewriter.ClassPathView() {
            @Override
            public byte[] classBytes(String internalName) {
                return VIEW.classBytes(internalName);
            }

            @Override
            public boolean isTaskClass(String internalName) {
                return VIEW.isTaskClass(internalName);
            }
        };
        fresh.rewrite(SHAPES, original, unlisted);
        fresh.rewrite(SHAPES, original, unlisted);
        assertEquals(1, fresh.cacheHits(), "a view that cannot list its classes is never cached");
    }

    @Test
    void aClassPathWithAContentToken_isNotReadAgainWhileItsTokenStays_andIsWhenAFileOfItChanges(
            @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        for (String name : List.of(SHAPES, "dev.ferry.corpus.unit.CallsShapes", "dev.ferry.corpus.unit.LoudSubclass")) {
            Path to = dir.resolve(name.replace('.', '/') + ".class");
            Files.createDirectories(to.getParent());
            Files.copy(classFile(name), to);
        }
        byte[] original = Files.readAllBytes(classFile(SHAPES));
        AsmClassRewriter fresh = new AsmClassRewriter();
        TokenedDirectory first = new TokenedDirectory(dir);
        ClassRewriter.RewrittenClass rewritten = fresh.rewrite(SHAPES, original, first);
        TokenedDirectory second = new TokenedDirectory(dir);
        long hits = fresh.cacheHits();
        assertArrayEquals(rewritten.bytes(), fresh.rewrite(SHAPES, original, second).bytes());
        assertEquals(hits + 1, fresh.cacheHits(), "a second loader over the same files");
        assertEquals(0, second.classesRead, "the classes' digest came with the token");

        // Another class rewritten in place: the token moves, the classes are read, the rewrite is made anew.
        Path other = dir.resolve("dev/ferry/corpus/unit/CallsShapes.class");
        ClassNode node = new ClassNode();
        new ClassReader(Files.readAllBytes(other)).accept(node, 0);
        node.sourceFile = "Changed.java";
        ClassWriter writer = new ClassWriter(0);
        node.accept(writer);
        Files.write(other, writer.toByteArray());
        TokenedDirectory third = new TokenedDirectory(dir);
        fresh.rewrite(SHAPES, original, third);
        assertEquals(hits + 1, fresh.cacheHits(), "the class path's content differs");
        assertTrue(third.classesRead >= 3, "read to digest them: " + third.classesRead);
    }

    /** A directory as a task class loader sees it, with the loader's content token, counting the class files it reads. */
    private static final class TokenedDirectory implements ClassRewriter.ClassPathView {
        private final Path dir;
        private final FileClassPath files;
        int classesRead;

        TokenedDirectory(Path dir) {
            this.dir = dir;
            this.files = new FileClassPath(List.of(dir));
        }

        @Override
        public byte[] classBytes(String internalName) {
            byte[] bytes = files.classBytes(internalName);
            if (bytes != null && Files.exists(dir.resolve(internalName + ".class"))) {
                classesRead++;
            }
            return bytes;
        }

        @Override
        public boolean isTaskClass(String internalName) {
            return files.isTaskClass(internalName);
        }

        @Override
        public java.util.Collection<String> taskClassNames() {
            return files.taskClassNames();
        }

        @Override
        public String contentToken() {
            return dev.ferry.runtime.classfile.ClassPathListing.contentToken(dir);
        }
    }

    @Test
    void loop_hasResumePointsAtEntryBackEdgeAndCall() throws IOException {
        MethodMeta loop = rewrite(SHAPES).meta().methods().get("loop(I)I");
        assertEquals(3, loop.capturableBcis().length, loop.toString());
    }

    @Test
    void quietMethods_areLeftAsCompiled_andCallsToThemAreNotResumePoints() throws IOException {
        ClassRewriter.RewrittenClass rewritten = rewrite(SHAPES);
        for (String quiet : List.of("helper(I)I", "callsQuietMethods(I)I", "twice(I)I", "fixed()I",
                "callsNotOverridden()I", "overridable()I")) {
            MethodMeta meta = rewritten.meta().methods().get(quiet);
            assertEquals(QuietMethods.QUIET, meta.notCapturableWhy(), quiet);
        }
        MethodNode helper = method(rewritten.bytes(), "helper");
        MethodNode original = method(Files.readAllBytes(classFile(SHAPES)), "helper");
        assertEquals(original.instructions.size(), helper.instructions.size(), "no safepoint, no restore code");
        assertTrue(Stream.of(helper.instructions.toArray()).noneMatch(RewriterTest::isSafepointCheck));

        MethodMeta recursive = rewritten.meta().methods().get("countdown(I)I");
        assertNull(recursive.notCapturableWhy());
        assertEquals(2, recursive.capturableBcis().length, "its entry and its call of itself: " + recursive);
        MethodMeta overridable = rewritten.meta().methods().get("callsOverridable()I");
        assertEquals(2, overridable.capturableBcis().length, "its entry and the virtual call, which LoudSubclass's"
                + " override may capture in: " + overridable);
        MethodMeta loop = rewritten.meta().methods().get("work(I)I");
        assertEquals(2, loop.capturableBcis().length, "its entry and its back-edge: " + loop);
    }

    @Test
    void synchronizedBlock_callInsideIsNotAResumePoint_callAfterIs() throws IOException {
        ClassRewriter.RewrittenClass rewritten = rewrite(SHAPES);
        MethodMeta block = rewritten.meta().methods().get("block()I");
        List<Integer> helperCalls = new ArrayList<>();
        MethodNode node = method(rewritten.bytes(), "block");
        for (int bci : offsetsOf(rewritten.bytes(), "block", insn -> insn instanceof MethodInsnNode call && call.name.equals("work"))) {
            helperCalls.add(bci);
        }
        assertEquals(2, helperCalls.size(), "two calls to work in " + node.name);
        assertFalse(block.canCaptureAt(helperCalls.get(0)), "the call inside synchronized");
        assertTrue(block.canCaptureAt(helperCalls.get(1)), "the call after the block");
    }

    @Test
    void fastPath_hasOnlyTheCallSiteChecksAtEntryAndBackEdges_allEngineCallsAreColdCode() throws IOException {
        byte[] bytes = rewrite(SHAPES).bytes();
        MethodNode loop = method(bytes, "loop");
        int firstCold = Integer.MAX_VALUE;
        AbstractInsnNode[] insns = loop.instructions.toArray();
        for (int i = 0; i + 1 < insns.length; i++) {
            if (isSafepointCheck(insns[i]) && insns[i + 1] instanceof JumpInsnNode jump) {
                firstCold = Math.min(firstCold, loop.instructions.indexOf(jump.label));
            }
        }
        for (var handler : loop.tryCatchBlocks) {
            if ("dev/ferry/runtime/engine/Unwind".equals(handler.type)) {
                firstCold = Math.min(firstCold, loop.instructions.indexOf(handler.handler));
            }
        }
        for (int i = 0; i < firstCold; i++) {
            if (insns[i] instanceof MethodInsnNode call) {
                assertFalse(call.owner.equals(Sites.ENGINE), "engine call " + call.name + " on the fast path at " + i);
            }
        }
        long polls = Stream.of(insns).filter(RewriterTest::isSafepointCheck).count();
        assertEquals(2, polls, "the entry check and the back-edge poll; a call has no check");
        assertEquals(0, Stream.of(insns).filter(insn -> insn instanceof FieldInsnNode f && f.owner.equals(Sites.ENGINE)).count(),
                "no static flag is read: the JIT folds the call site away");
        assertEquals("dev/ferry/runtime/engine/Unwind", loop.tryCatchBlocks.get(0).type,
                "the call is covered by an Unwind handler, ahead of any handler of the task");
    }

    /** An invokedynamic bootstrapped by the engine's attention site: the check at a safepoint. */
    private static boolean isSafepointCheck(AbstractInsnNode insn) {
        return insn instanceof org.objectweb.asm.tree.InvokeDynamicInsnNode indy && indy.bsm.getOwner().equals(Sites.ENGINE)
                && indy.bsm.getName().equals("attentionSite") && indy.desc.equals("()Z");
    }

    @Test
    void classFilesTooOldForInvokedynamic_readTheEnginesStaticFlagsInstead() throws IOException {
        ClassNode node = new ClassNode();
        new ClassReader(Files.readAllBytes(classFile(SHAPES))).accept(node, 0);
        node.version = Opcodes.V1_6;
        ClassWriter writer = new ClassWriter(0);
        node.accept(writer);
        MethodNode loop = method(new AsmClassRewriter().rewrite(SHAPES, writer.toByteArray(), VIEW).bytes(), "loop");
        List<String> flags = Stream.of(loop.instructions.toArray())
                .filter(insn -> insn instanceof FieldInsnNode f && f.owner.equals(Sites.ENGINE)).map(insn -> ((FieldInsnNode) insn).name)
                .toList();
        assertEquals(List.of("entryAttention", "attention"), flags);
        assertEquals(0, Stream.of(loop.instructions.toArray()).filter(RewriterTest::isSafepointCheck).count());
    }

    @Test
    void callsWithTheSameLiveLocals_shareTheirCaptureAndRestoreCode() throws IOException {
        MethodNode node = method(rewrite(SHAPES).bytes(), "manyCalls");
        long captureBlocks = Stream.of(node.instructions.toArray())
                .filter(insn -> insn instanceof MethodInsnNode call && call.name.equals("beginFrame")).count();
        assertTrue(captureBlocks <= 3, "12 calls, " + captureBlocks + " capture blocks (one shared, the entry's, spills)");
    }

    @Test
    void interpreterDispatchLoop_staysFarUnderHotSpotsJitLimit() throws IOException {
        byte[] bytes = rewrite("dev.ferry.corpus.Interpreter").bytes();
        List<Integer> offsets = offsetsOf(bytes, "run", insn -> insn.getNext() == null);
        int length = offsets.get(0) + 1;
        assertTrue(length < 4_000, "rewritten dispatch loop is " + length + " bytes; HotSpot compiles nothing over 8,000");
    }

    @Test
    void sleepAndStandardStreams_goThroughTheEngine() throws IOException {
        MethodNode node = method(rewrite(SHAPES).bytes(), "sleepAndPrint");
        List<String> calls = new ArrayList<>();
        for (AbstractInsnNode insn : node.instructions) {
            if (insn instanceof MethodInsnNode call) {
                calls.add(call.owner + "." + call.name);
            }
            if (insn instanceof FieldInsnNode f) {
                assertFalse(f.owner.equals("java/lang/System"), "System." + f.name + " read directly");
            }
        }
        assertTrue(calls.contains(Sites.ENGINE + ".sleep"), calls.toString());
        assertFalse(calls.contains("java/lang/Thread.sleep"), calls.toString());
        assertTrue(calls.contains(Sites.TASK_IO + ".out"), calls.toString());
    }

    @Test
    void callsIntoFinalJdkClasses_areNotResumePoints() throws IOException {
        MethodMeta jdk = rewrite(SHAPES).meta().methods().get("jdk(Ljava/lang/String;)Ljava/lang/String;");
        assertEquals(QuietMethods.QUIET, jdk.notCapturableWhy(), "no resume point, so not even its entry: " + jdk);
    }

    @Test
    void fingerprint_isTheSha256OfTheOriginalBytes() throws Exception {
        byte[] original = Files.readAllBytes(classFile(SHAPES));
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(original));
        assertEquals(expected, rewrite(SHAPES).meta().fingerprint());
    }

    @Test
    void lambdasOfTaskClasses_becomeSerializable() throws Exception {
        ClassRewriter.RewrittenClass rewritten = rewrite(SHAPES);
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(SHAPES)) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, rewritten.bytes(), 0, rewritten.bytes().length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        Object shapes = loader.loadClass(SHAPES).getConstructor().newInstance();
        Object lambda = shapes.getClass().getMethod("lambda").invoke(shapes);
        assertTrue(lambda instanceof Serializable);
        assertNotNull(dev.ferry.runtime.heap.Lambdas.describe(lambda));
    }

    @Test
    void methodTooLargeOnceRewritten_isLeftAsItWas_andSaysWhy() {
        byte[] huge = hugeClass();
        ClassRewriter.ClassPathView withHuge = new ClassRewriter.ClassPathView() {
            @Override
            public byte[] classBytes(String internalName) {
                return internalName.equals("Huge") ? huge : VIEW.classBytes(internalName);
            }

            @Override
            public boolean isTaskClass(String internalName) {
                return internalName.equals("Huge");
            }
        };
        ClassRewriter.RewrittenClass rewritten = rewriter.rewrite("Huge", huge, withHuge);
        assertTrue(rewritten.meta().methods().get("big()J").notCapturableWhy().contains("64 KiB"),
                rewritten.meta().methods().toString());
        assertNull(rewritten.meta().methods().get("small()J").notCapturableWhy(), "the other methods are still rewritten");
    }

    static Stream<String> corpusClasses() throws IOException {
        try (Stream<Path> files = Files.walk(CLASSES.resolve("dev/ferry/corpus"))) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> CLASSES.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .sorted().toList().stream();
        }
    }

    /** The stack check trusts these offsets: each must be the call a frame is stopped at. */
    @ParameterizedTest
    @MethodSource("corpusClasses")
    void everyResumePoint_isTheOffsetOfACallInstruction(String className) throws IOException {
        ClassRewriter.RewrittenClass rewritten = rewrite(className);
        ClassNode node = new ClassNode();
        new ClassReader(rewritten.bytes()).accept(node, 0);
        for (MethodNode m : node.methods) {
            MethodMeta meta = rewritten.meta().methods().get(m.name + m.desc);
            if (meta == null) {
                continue;
            }
            List<Integer> callOffsets = offsetsOf(rewritten.bytes(), m.name + m.desc, insn -> insn instanceof MethodInsnNode);
            for (int bci : meta.capturableBcis()) {
                assertTrue(callOffsets.contains(bci), className + "." + m.name + ": resume point " + bci + " is not a call");
            }
        }
    }

    /** Bytecode offsets of the instructions matching {@code filter} in the method named {@code nameOrKey}. */
    private static List<Integer> offsetsOf(byte[] bytes, String nameOrKey, java.util.function.Predicate<AbstractInsnNode> filter) {
        ClassNode node = new ClassNode();
        ClassReader reader = new ClassReader(bytes);
        reader.accept(node, 0);
        MethodNode m = node.methods.stream().filter(x -> x.name.equals(nameOrKey) || (x.name + x.desc).equals(nameOrKey))
                .findFirst().orElseThrow();
        // Re-emit with labels before each matching instruction to learn their offsets.
        List<LabelNode> marks = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions.toArray()) {
            if (filter.test(insn)) {
                LabelNode mark = new LabelNode();
                m.instructions.insertBefore(insn, mark);
                marks.add(mark);
            }
        }
        ClassWriter writer = new ClassWriter(reader, 0); // the same constant pool: an ldc stays as long as it was
        node.accept(writer);
        return marks.stream().map(l -> l.getLabel().getOffset()).toList();
    }

    /** A class with one method just under 64 KiB (which rewriting pushes over) and one small method. */
    private static byte[] hugeClass() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "Huge", null, "java/lang/Object", null);
        for (String name : new String[] {"big", "small"}) {
            MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, "()J", null, null);
            mv.visitCode();
            mv.visitInsn(Opcodes.LCONST_0);
            int calls = name.equals("big") ? 6_500 : 3;
            for (int i = 0; i < calls; i++) {
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "Huge", "small", "()J", false); // 3 bytes
                mv.visitInsn(Opcodes.LADD); // 1 byte
                mv.visitInsn(Opcodes.NOP);
                mv.visitInsn(Opcodes.NOP);
                mv.visitInsn(Opcodes.NOP);
                mv.visitInsn(Opcodes.NOP);
                mv.visitInsn(Opcodes.NOP);
                mv.visitInsn(Opcodes.NOP);
            }
            Label end = new Label();
            mv.visitLabel(end);
            mv.visitInsn(Opcodes.LRETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }
}
