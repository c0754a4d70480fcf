package dev.ferry.agent.rewrite;

import dev.ferry.runtime.classfile.InstrumentationMark;
import dev.ferry.runtime.engine.MethodMeta;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The task methods that can never capture, so need no rewriting, and calls to which need no resume
 * point: a method is <em>quiet</em> when it has no loop and no sleep, and every call it makes either
 * cannot reach a capture by {@link Sites}' rules or can only run quiet task methods: a static,
 * private, {@code super.}, constructor or final call, a call on a final class, or a virtual call
 * whose resolved method and every override of it that a class on the task class path declares are
 * quiet. Interface calls are never known (a lambda implements an interface without a class file).
 * A method that is part of a call cycle (recursion) is not quiet: it may run for as long as it likes.
 *
 * <p>Why it matters: getters, setters and small helpers are most of the methods of real code. Left
 * as compiled they stay small enough for HotSpot to inline, and their callers lose a resume point
 * (and its capture and restore code) per call; a rewritten getter was 16 times its size. Nothing is
 * lost: a capture could never stop inside such a method (it has no safepoint), and it returns in
 * bounded time, so a capture or a kill waits at most for that.
 *
 * <p>Which calls are resume points decides what a frame's resume index means, so the answer must
 * be the same on every host: it depends only on the class files of the task class path (the
 * original bytes, or for a class instrumented at build time what its mark recorded), never on the
 * JDK's classes or on the order in which classes are rewritten.
 */
final class QuietMethods {
    /** A quiet method's {@link MethodMeta#notCapturableWhy()}, which is also how a build-time mark records it. */
    static final String QUIET = "a method that never captures (no loop, no sleep, no call that may capture)";

    /** What the scan needs of one method: its access flags, whether it is loud by itself, and the calls it makes. */
    private record Summary(int access, boolean loud, List<MethodInsnNode> calls) {
    }

    /** One class's methods by name and descriptor, its access flags and its superclass. */
    private record ClassSummary(int access, String superName, Map<String, Summary> methods) {
        boolean isFinal() {
            return (access & Opcodes.ACC_FINAL) != 0;
        }
    }

    private static final Summary UNKNOWN = new Summary(Opcodes.ACC_ABSTRACT, true, List.of());

    private final ClassHierarchy hierarchy;
    private final Map<String, Optional<ClassSummary>> classes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> quiet = new ConcurrentHashMap<>();

    QuietMethods(ClassHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    /**
     * Summarizes class {@code internalName} from {@code original} unless already known: the class
     * being rewritten is read from the bytes the rewriter was given.
     */
    void consider(String internalName, byte[] original) {
        classes.computeIfAbsent(internalName, n -> Optional.ofNullable(summarize(original)));
    }

    /** Whether {@code owner.name desc}, a method of a task class, can never capture. */
    boolean isQuiet(String owner, String nameAndDesc) {
        return isQuiet(owner + '.' + nameAndDesc);
    }

    /** Whether {@code call} can only run quiet task methods (see the class comment). */
    boolean isQuietCall(MethodInsnNode call) {
        List<String> targets = targets(call);
        if (targets == null) {
            return false;
        }
        for (String target : targets) {
            if (!isQuiet(target)) {
                return false;
            }
        }
        return true;
    }

    /** Depth-first over the calls, without recursion: call chains in real code are deep. */
    private boolean isQuiet(String root) {
        Boolean known = quiet.get(root);
        if (known != null) {
            return known;
        }
        Summary rootSummary = summary(root);
        if (rootSummary.loud()) {
            quiet.put(root, false);
            return false;
        }
        Deque<Visit> path = new ArrayDeque<>();
        Set<String> onPath = new HashSet<>();
        path.push(new Visit(root, rootSummary));
        onPath.add(root);
        while (!path.isEmpty()) {
            Visit visit = path.peek();
            if (!visit.loud && visit.next < visit.summary.calls().size()) {
                MethodInsnNode call = visit.summary.calls().get(visit.next++);
                if (!Sites.mayCaptureUnlessQuiet(call, hierarchy) && !ConstructorBodies.constructsTaskClass(call, hierarchy)) {
                    continue; // cannot reach task code
                }
                List<String> targets = targets(call);
                if (targets == null) {
                    visit.loud = true; // a call that may capture
                    continue;
                }
                visit.pending.addAll(targets);
            } else if (!visit.loud && !visit.pending.isEmpty()) {
                String target = visit.pending.poll();
                if (onPath.contains(target)) {
                    visit.loud = true; // recursion
                    continue;
                }
                Boolean result = quiet.get(target);
                if (result == null) {
                    Summary s = summary(target);
                    if (s.loud()) {
                        quiet.put(target, false);
                        visit.loud = true;
                    } else {
                        path.push(new Visit(target, s));
                        onPath.add(target);
                    }
                } else if (!result) {
                    visit.loud = true;
                }
            } else {
                path.pop();
                onPath.remove(visit.id);
                quiet.put(visit.id, !visit.loud);
                if (visit.loud && !path.isEmpty()) {
                    path.peek().loud = true;
                }
            }
        }
        return quiet.get(root);
    }

    private static final class Visit {
        final String id;
        final Summary summary;
        /** The targets of the calls looked at so far that are still to be visited. */
        final Deque<String> pending = new ArrayDeque<>();
        int next;
        boolean loud;

        Visit(String id, Summary summary) {
            this.id = id;
            this.summary = summary;
        }
    }

    /** The method {@code owner.name desc} stands for, as summarized (loud when unknown). */
    private Summary summary(String id) {
        int dot = id.indexOf('.');
        ClassSummary cls = classSummary(id.substring(0, dot));
        Summary s = cls == null ? null : cls.methods().get(id.substring(dot + 1));
        return s == null ? UNKNOWN : s;
    }

    private ClassSummary classSummary(String internalName) {
        return classes.computeIfAbsent(internalName, n -> {
            if (!hierarchy.classPath().isTaskClass(n)) {
                return Optional.empty();
            }
            byte[] bytes = hierarchy.classPath().classBytes(n);
            return Optional.ofNullable(bytes == null ? null : summarize(bytes));
        }).orElse(null);
    }

    /**
     * Every task method {@code call} may run, as {@code owner.name desc} of the classes declaring
     * them, or null when that is not known from the class files (an interface call: lambdas
     * implement interfaces without a class file) or is not task code alone: those calls may capture
     * as {@link Sites} says. A virtual call runs the method it resolves to or an override of it in
     * a subclass of its owner; a subclass made at run time (not on the class path) that overrides
     * a quiet method with one that captures is the one case this misses, and the capture then waits
     * at the caller's frame, which the stack check finds is not at a resume point.
     */
    private List<String> targets(MethodInsnNode call) {
        String key = call.name + call.desc;
        if (call.name.equals("<init>")) {
            return classSummary(call.owner) == null ? null : List.of(call.owner + '.' + key);
        }
        int opcode = call.getOpcode();
        if (opcode == Opcodes.INVOKEINTERFACE || call.itf && opcode != Opcodes.INVOKESTATIC && opcode != Opcodes.INVOKESPECIAL) {
            return null;
        }
        ClassSummary owner = classSummary(call.owner);
        for (String c = call.owner; c != null; ) {
            ClassSummary cls = classSummary(c);
            if (cls == null) {
                return null; // resolution leaves the task's classes: the JDK's differ between JDKs
            }
            Summary found = cls.methods().get(key);
            if (found != null) {
                int access = found.access();
                boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
                if (isStatic != (opcode == Opcodes.INVOKESTATIC)) {
                    return null; // an IncompatibleClassChangeError at run time; nothing to decide
                }
                String resolved = c + '.' + key;
                if (opcode == Opcodes.INVOKESTATIC || opcode == Opcodes.INVOKESPECIAL
                        || (access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) != 0 || owner.isFinal()) {
                    return List.of(resolved);
                }
                return withOverrides(resolved, call.owner, key);
            }
            if (call.itf) {
                return null; // static and super calls on an interface name its own method
            }
            c = cls.superName();
        }
        return null;
    }

    /** {@code resolved} and every declaration of {@code key} in a subclass of {@code owner}; null if those cannot be listed. */
    private List<String> withOverrides(String resolved, String owner, String key) {
        Map<String, List<String>> subclasses = subclasses();
        if (subclasses == null) {
            return null;
        }
        List<String> targets = new ArrayList<>();
        targets.add(resolved);
        Deque<String> todo = new ArrayDeque<>(subclasses.getOrDefault(owner, List.of()));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String sub = todo.poll();
            if (!seen.add(sub)) {
                continue;
            }
            ClassSummary cls = classSummary(sub);
            if (cls == null) {
                return null;
            }
            Summary declared = cls.methods().get(key);
            if (declared != null && (declared.access() & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0) {
                targets.add(sub + '.' + key);
            }
            todo.addAll(subclasses.getOrDefault(sub, List.of()));
        }
        return targets;
    }

    /** Each task class's direct subclasses on the task class path, listed once; null if the view cannot list them. */
    private Map<String, List<String>> subclasses() {
        Optional<Map<String, List<String>>> known = subclasses;
        if (known == null) {
            java.util.Collection<String> names = hierarchy.classPath().taskClassNames();
            Map<String, List<String>> bySuper = null;
            if (names != null) {
                bySuper = new HashMap<>();
                for (String name : names) {
                    ClassHierarchy.Info info = hierarchy.info(name);
                    if (info != null && info.superName() != null && !info.isInterface()) {
                        bySuper.computeIfAbsent(info.superName(), k -> new ArrayList<>()).add(name);
                    }
                }
                bySuper.values().forEach(java.util.Collections::sort); // the same order on every host
            }
            known = Optional.ofNullable(bySuper);
            subclasses = known;
        }
        return known.orElse(null);
    }

    private volatile Optional<Map<String, List<String>>> subclasses;

    /** The class's methods; for a class instrumented at build time, what its mark says of each. */
    private ClassSummary summarize(byte[] bytes) {
        ClassNode cls = new ClassNode();
        new ClassReader(bytes).accept(cls, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        InstrumentationMark mark = InstrumentationMark.read(bytes);
        Map<String, Summary> methods = new HashMap<>();
        for (MethodNode m : cls.methods) {
            String key = m.name + m.desc;
            if (mark != null) {
                MethodMeta meta = mark.meta().methods().get(key);
                boolean quietThere = meta != null && QUIET.equals(meta.notCapturableWhy());
                methods.put(key, new Summary(m.access, !quietThere, List.of()));
            } else {
                methods.put(key, summarize(m));
            }
        }
        return new ClassSummary(cls.access, cls.superName, methods);
    }

    private static Summary summarize(MethodNode m) {
        Summary loud = new Summary(m.access, true, List.of());
        if ((m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0 || m.name.equals("<clinit>")) {
            return loud;
        }
        if (m.name.equals("$deserializeLambda$") && (m.access & Opcodes.ACC_SYNTHETIC) != 0) {
            // javac's: only ever called by the JDK's SerializedLambda.readResolve, through reflection,
            // so a capture could never pass through it; its hundreds of equals calls would triple it.
            return new Summary(m.access, false, List.of());
        }
        AbstractInsnNode[] insns = m.instructions.toArray();
        Map<LabelNode, Integer> at = new HashMap<>();
        for (int i = 0; i < insns.length; i++) {
            if (insns[i] instanceof LabelNode label) {
                at.put(label, i);
            }
        }
        for (TryCatchBlockNode block : m.tryCatchBlocks) {
            if (at.get(block.handler) < at.get(block.end)) {
                return loud; // a handler before the end of its range can run the range again: a loop
            }
        }
        List<MethodInsnNode> calls = new ArrayList<>();
        for (int i = 0; i < insns.length; i++) {
            AbstractInsnNode insn = insns[i];
            if (insn.getOpcode() == Opcodes.JSR || insn.getOpcode() == Opcodes.RET) {
                return loud;
            }
            for (LabelNode target : Branches.targets(insn)) {
                if (at.get(target) <= i) {
                    return loud; // a loop
                }
            }
            if (insn instanceof MethodInsnNode call) {
                if (call.owner.equals("java/lang/Thread") && call.name.equals("sleep")) {
                    return loud; // the engine's sleep is a safepoint
                }
                calls.add(call);
            }
        }
        return new Summary(m.access, false, List.copyOf(calls));
    }
}
