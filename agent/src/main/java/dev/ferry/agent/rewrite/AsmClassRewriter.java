package dev.ferry.agent.rewrite;

import dev.ferry.runtime.classfile.InstrumentationMark;
import dev.ferry.runtime.engine.ClassMeta;
import dev.ferry.runtime.engine.ClassRewriter;
import dev.ferry.runtime.engine.MethodMeta;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * The ASM implementation of {@link ClassRewriter}: every method of a task class gets safepoints
 * and capture/restore code ({@link MethodRewriter}), and the static initializer a restore prefix
 * ({@link StaticsRestore}). A method that cannot be rewritten — its analysis fails, or the rewritten
 * code would exceed the JVM's 64 KiB method limit — is left as it was and recorded as not
 * capturable, with the reason, so a capture through it waits instead of corrupting it.
 *
 * <p>The same rewriting serves the agent (a task class loader calls {@link #rewrite} as it defines
 * each class) and the Maven plugin ({@link #instrument}, which also marks the class so that the
 * loader later defines it as it is).
 */
public final class AsmClassRewriter implements ClassRewriter {
    /**
     * Bumped whenever rewritten code or snapshot frames change meaning. 2: a back-edge's saved
     * stack no longer holds its resume index, and calls on JDK classes final on only some JDKs are
     * resume points everywhere (so resume indices moved). 3: constructors are split after their
     * super() call and every construction of a task class is a resume point (ConstructorBodies).
     * 4: methods that never capture are left as compiled, and calls known to reach only such
     * methods are not resume points (QuietMethods).
     */
    public static final String ENGINE_VERSION = "4";

    /**
     * Rewrites made before, reused for loaders of a class path of the same content (each move makes
     * one). One per JVM: every rewriter in it rewrites alike.
     */
    private static final RewriteCache CACHE = new RewriteCache();
    private final java.util.concurrent.atomic.AtomicLong cacheHits = new java.util.concurrent.atomic.AtomicLong();

    /** Hierarchies are per class path; the JDK's part is read once per task loader. */
    private final Map<ClassPathView, ClassHierarchy> hierarchies = new WeakHashMap<>();

    @Override
    public String engineVersion() {
        return ENGINE_VERSION;
    }

    /**
     * Rewrites a class at build time: what {@link #rewrite} does, plus the {@link InstrumentationMark}
     * (this engine version, the original's fingerprint, the methods' capture metadata) with which a
     * task class loader defines the class as it is.
     *
     * @param classPath the class path the task will run with (its classes, then its libraries): which
     *                  calls may capture depends on which classes are task classes
     * @throws IllegalArgumentException if the class cannot be rewritten, saying why, or is already marked
     */
    public RewrittenClass instrument(String className, byte[] original, ClassPathView classPath) {
        RewrittenClass rewritten = rewrite(className, original, classPath);
        try {
            byte[] marked = new InstrumentationMark(ENGINE_VERSION, rewritten.meta()).addTo(rewritten.bytes());
            return new RewrittenClass(marked, rewritten.meta());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("class " + className + " rewritten " + e.getMessage(), e);
        }
    }

    /**
     * @throws IllegalArgumentException if the class file cannot be parsed or rewritten, or was already
     *         rewritten at build time (it carries an {@link InstrumentationMark}: rewriting it again would
     *         corrupt it; the task class loader defines such classes as they are)
     */
    @Override
    public RewrittenClass rewrite(String className, byte[] original, ClassPathView classPath) {
        InstrumentationMark mark;
        try {
            mark = InstrumentationMark.read(original);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("class " + className + " " + e.getMessage(), e);
        }
        if (mark != null) {
            throw new IllegalArgumentException("class " + className + " was already rewritten at build time (engine "
                    + mark.engineVersion() + "); rewriting it again would break it");
        }
        String key = CACHE.key(classPath, className, original);
        RewrittenClass known = CACHE.get(key);
        if (known != null) {
            cacheHits.incrementAndGet();
            return known;
        }
        RewrittenClass result = rewriteUncached(className, original, classPath);
        CACHE.put(key, result);
        return result;
    }

    /** How many of this rewriter's rewrites came from the {@link RewriteCache} (for tests). */
    long cacheHits() {
        return cacheHits.get();
    }

    private RewrittenClass rewriteUncached(String className, byte[] original, ClassPathView classPath) {
        ClassHierarchy hierarchy;
        synchronized (hierarchies) {
            hierarchy = hierarchies.computeIfAbsent(classPath, ClassHierarchy::new);
        }
        hierarchy.quietMethods().consider(className.replace('.', '/'), original);
        Map<String, String> leftAlone = new HashMap<>();
        while (true) {
            ClassNode cls = parse(className, original);
            SerializableLambdas.rewrite(cls);
            Map<String, ConstructorBodies.Split> splits = new HashMap<>();
            for (ConstructorBodies.Split split : ConstructorBodies.split(cls, hierarchy)) {
                splits.put(split.constructor().name + split.constructor().desc, split);
            }
            Map<String, MethodMeta> metas = new LinkedHashMap<>();
            Map<String, MethodRewriter.Result> points = new LinkedHashMap<>();
            Map<String, Map<LabelNode, String>> prefixCalls = new HashMap<>();
            for (MethodNode method : cls.methods) {
                String key = method.name + method.desc;
                if ((method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                    continue;
                }
                MethodRewriter rewriter = new MethodRewriter(cls, method, hierarchy);
                if (method.name.equals("<clinit>")) {
                    rewriter.replaceIntrinsicsOnly();
                    metas.put(key, MethodMeta.notCapturable("a static initializer (a capture waits until it returns)"));
                    continue;
                }
                if (!splits.containsKey(key) && hierarchy.quietMethods().isQuiet(cls.name, key)) {
                    rewriter.replaceIntrinsicsOnly(); // no safepoint, no resume point: left as compiled
                    metas.put(key, MethodMeta.notCapturable(QuietMethods.QUIET));
                    continue;
                }
                String why = leftAlone.get(key);
                if (why != null) {
                    rewriter.replaceIntrinsicsOnly();
                    metas.put(key, MethodMeta.notCapturable(why));
                    continue;
                }
                try {
                    MethodRewriter.Result result = rewriter.rewrite();
                    if (splits.containsKey(key)) {
                        prefixCalls.put(key, markPrefixCalls(splits.get(key)));
                    } else if (result.notCapturableWhy() != null) {
                        metas.put(key, MethodMeta.notCapturable(result.notCapturableWhy()));
                    } else {
                        points.put(key, result);
                    }
                } catch (AnalyzerException | RuntimeException e) {
                    leftAlone.put(key, "not rewritten: its bytecode could not be analyzed (" + e.getMessage() + ")");
                    break;
                }
            }
            if (metas.size() + points.size() + prefixCalls.size() < countConcrete(cls)) {
                continue; // a method failed: start over from the original bytes with it left alone
            }
            StaticsRestore.addPrefix(cls);
            if (cls.version < Opcodes.V1_5) {
                cls.version = Opcodes.V1_5; // ldc of a class constant needs version 49
            }
            ClassWriter writer = new FramesWriter(hierarchy);
            try {
                cls.accept(writer);
                byte[] bytes = writer.toByteArray();
                points.forEach((key, result) -> metas.put(key, meta(result)));
                prefixCalls.forEach((key, blocked) -> metas.put(key, passThroughMeta(splits.get(key), blocked)));
                return new RewrittenClass(bytes, new ClassMeta(ClassMeta.fingerprintOf(original), metas));
            } catch (MethodTooLargeException e) {
                String key = e.getMethodName() + e.getDescriptor();
                if (leftAlone.containsKey(key)) {
                    throw new IllegalArgumentException("class " + className + " is too large even without rewriting "
                            + e.getMethodName(), e);
                }
                leftAlone.put(key, "not rewritten: rewritten, it would exceed the JVM's 64 KiB method size limit");
            }
        }
    }

    /** The resume points' and blocked calls' labels, now that the class is written, as bytecode indices. */
    private static MethodMeta meta(MethodRewriter.Result result) {
        return new MethodMeta(offsets(result.resumePoints()), offsets(result.passThroughPoints()),
                offsets(result.constructions()), null, offsets(result.blocked()), result.debug());
    }

    private static int[] offsets(java.util.List<LabelNode> labels) {
        return labels.stream().mapToInt(l -> l.getLabel().getOffset()).toArray();
    }

    /** The labelled reasons by bytecode index. */
    private static Map<Integer, String> offsets(Map<LabelNode, String> reasons) {
        Map<Integer, String> byOffset = new HashMap<>();
        reasons.forEach((label, why) -> byOffset.put(label.getLabel().getOffset(), why));
        return byOffset;
    }

    /**
     * Labels before the calls of a split constructor ahead of its body call (its super() or this()
     * call, its kill points), where a capture cannot pass through it.
     */
    private static Map<LabelNode, String> markPrefixCalls(ConstructorBodies.Split split) {
        Map<LabelNode, String> blocked = new HashMap<>();
        for (AbstractInsnNode insn = split.constructor().instructions.getFirst(); insn != split.bodyCall(); insn = insn.getNext()) {
            if (insn instanceof MethodInsnNode call) {
                LabelNode label = new LabelNode();
                split.constructor().instructions.insertBefore(insn, label);
                blocked.put(label, "in a constructor before its super() or this() call has returned (calling "
                        + call.owner.replace('/', '.') + "." + call.name + "): the object is not constructed yet");
            }
        }
        return blocked;
    }

    /** A split constructor: a capture passes through it at its body call, and nowhere else. */
    private static MethodMeta passThroughMeta(ConstructorBodies.Split split, Map<LabelNode, String> prefixCalls) {
        return new MethodMeta(new int[0], new int[] {split.bodyCall().getLabel().getOffset()}, new int[0], null,
                offsets(prefixCalls), java.util.List.of());
    }

    private static int countConcrete(ClassNode cls) {
        return (int) cls.methods.stream().filter(m -> (m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0).count();
    }

    private static ClassNode parse(String className, byte[] original) {
        try {
            ClassNode cls = new ClassNode();
            new ClassReader(original).accept(cls, ClassReader.SKIP_FRAMES);
            return cls;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("class " + className + " is not a readable class file: " + e, e);
        }
    }


    /** A ClassWriter that merges types using the class files rather than by loading classes. */
    private static final class FramesWriter extends ClassWriter {
        private final ClassHierarchy hierarchy;

        FramesWriter(ClassHierarchy hierarchy) {
            super(COMPUTE_FRAMES);
            this.hierarchy = hierarchy;
        }

        @Override
        protected String getCommonSuperClass(String type1, String type2) {
            return hierarchy.commonSuperClass(type1, type2);
        }
    }
}
