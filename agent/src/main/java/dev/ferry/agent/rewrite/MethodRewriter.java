package dev.ferry.agent.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Rewrites one method so that its frame can be captured and restored.
 *
 * <h2>What a rewritten method looks like</h2>
 * <pre>
 *   prologue:   if (indy attention()) goto slowEntry           // the loader's AttentionSite: folded away by the JIT
 *   body:       ...original code...
 *               call f(x)                                      // a call that may capture (site k):
 *               ...                                            //   no check at all, see capture_k
 *               if (indy attention()) goto poll_j              // the same, at every back-edge (site j)
 *               goto loopHead
 *   --- cold code, after the original code, outside every try range ---
 *   slowEntry:  switch (Engine.enter(ThisClass, "m(desc)")) {
 *                 RUN -> goto body; CAPTURE_HERE -> capture at entry; k -> goto restore_k }
 *   capture_k:  the handler of an exception-table entry for Unwind covering just the call, ahead
 *               of the task's own entries: save the locals; Engine.endFrame(ThisClass, "m(desc)", k);
 *               throw Unwind on
 *   poll_j:     if (!Engine.poll()) goto back; save stack and locals; endFrame(..., j); throw Unwind
 *   restore_k:  reload locals and the operand stack below the call; push the callee's receiver
 *               (Engine.receiver) and zero arguments; goto the call — the callee restores itself
 *   restore_j:  reload locals and stack; goto just after poll_j's check
 * </pre>
 * The fast paths add a call-site check per method entry and back-edge (nothing, once compiled), and nothing per call:
 * values pending below a call's arguments are first moved into locals (see
 * {@link #spillPendingValues}), so the exception handler that saves the frame finds everything it
 * needs there. Everything else is cold. Keeping the capture and restore code after the original code keeps it outside the
 * method's try ranges, so neither a capture nor a restore runs a {@code catch} or {@code finally}.
 *
 * <p>Types for the saved values come from a data-flow analysis of the method (ASM's
 * {@code SimpleVerifier} over {@link ClassHierarchy}); restored references are cast back to exactly
 * those types so that the verifier accepts the jump back into the body. The class is written with
 * {@code COMPUTE_FRAMES}, so every stack map frame is recomputed.
 *
 * <p>A {@code synchronized} method captures like any other: the unwinding exception releases its
 * monitor as it leaves, and the restore re-invokes the method, which takes the monitor of the
 * restored receiver (or class) again before its first instruction, so the lock state after a resume
 * is the one at the capture.
 *
 * <p>A construction {@code new X(...)} of a task class is a resume point too: a capture inside X's
 * constructor body passes through the {@code <init>} frame (see {@link ConstructorBodies}) and is
 * saved at the construction; resumed, the construction calls the body method on the restored
 * object instead of {@code <init>}, just after the original call, inside the same try ranges.
 *
 * <p>Frames that may not be captured — constructors themselves (their object cannot be
 * re-created half-built), sites inside {@code synchronized} blocks (the block's monitor would not
 * be held after a resume), sites where an allocated-but-unconstructed object is live — get no resume
 * point; their safepoints still let a kill through. The capture-time stack check knows which
 * bytecode indices are resume points from the {@link dev.ferry.runtime.engine.MethodMeta} recorded here.
 */
final class MethodRewriter {
    /** A resume point: the method entry, a call, or a back-edge poll. */
    private static final class Site {
        final int index;
        final int insn;          // instruction index in the analyzed method, or -1 for the entry
        final boolean isCall;
        /** A construction {@code new X(...)} of a task class, whose constructor body may capture. */
        final boolean isConstruction;
        final LabelNode resumeTarget = new LabelNode();
        final LabelNode recordedCall = new LabelNode(); // marks the instruction whose bci the stack check sees
        /** A construction's call of the constructor body when it resumes one: a capture passes through it too. */
        final LabelNode bodyCall = new LabelNode();
        Site(int index, int insn, boolean isCall) {
            this(index, insn, isCall, false);
        }
        Site(int index, int insn, boolean isCall, boolean isConstruction) {
            this.index = index;
            this.insn = insn;
            this.isCall = isCall;
            this.isConstruction = isConstruction;
        }
    }

    private static final String UNWIND = "dev/ferry/runtime/engine/Unwind";
    /**
     * The capture and restore code for all calls whose frames have the same locals (same slots,
     * same types) — in a loop, most of them. Sharing it keeps a rewritten method compact: an
     * interpreter's dispatch method has dozens of calls and must stay under HotSpot's limits.
     */
    private static final class Shared {
        final Frame<BasicValue> frame;
        final LabelNode capture = new LabelNode();
        final LabelNode restore = new LabelNode();
        final List<Site> calls = new ArrayList<>();

        Shared(Frame<BasicValue> frame) {
            this.frame = frame;
        }
    }

    private final java.util.Map<String, Shared> sharedBlocks = new java.util.LinkedHashMap<>();

    private Shared shared(Frame<BasicValue> frame) {
        StringBuilder signature = new StringBuilder();
        for (int slot = 0; slot < frame.getLocals(); slot++) {
            BasicValue v = frame.getLocal(slot);
            char kind = kind(v);
            if (kind != '-') {
                signature.append(slot).append(kind).append(kind == 'A' ? v.getType().getDescriptor() : "").append(';');
            }
        }
        return sharedBlocks.computeIfAbsent(signature.toString(), s -> new Shared(frame));
    }

    private final ClassNode owner;
    private final MethodNode method;
    private final ClassHierarchy hierarchy;
    private final String methodKey;
    private final Type ownerType;

    MethodRewriter(ClassNode owner, MethodNode method, ClassHierarchy hierarchy) {
        this.owner = owner;
        this.method = method;
        this.hierarchy = hierarchy;
        this.methodKey = method.name + method.desc;
        this.ownerType = Type.getObjectType(owner.name);
    }

    /** What the rewrite produced: labels whose offsets, once written, are the resume points' bytecode indices. */
    record Result(List<LabelNode> resumePoints, List<LabelNode> passThroughPoints, List<LabelNode> constructions,
                  String notCapturableWhy,
                  java.util.Map<LabelNode, String> blocked, List<dev.ferry.runtime.continuation.FrameDebug> debug) {
    }

    /** Rewrites the method in place. */
    Result rewrite() throws AnalyzerException {
        replaceIntrinsics();
        String why = whyNeverCapturable();
        if (why != null) {
            addKillPoints();
            return new Result(List.of(), List.of(), List.of(), why, java.util.Map.of(), List.of());
        }

        ConstructorCalls.Relocation relocation = ConstructorCalls.relocate(method,
                ConstructorCalls.windows(owner.name, method),
                insn -> insn instanceof MethodInsnNode call
                        && (Sites.mayCapture(call, hierarchy) || ConstructorBodies.isTaskConstructorCall(call, hierarchy)),
                (owner.version & 0xFFFF) >= Opcodes.V1_7);
        List<ConstructorCalls.Window> windows = relocation.inPlace();

        java.util.Set<MethodInsnNode> keptAllocations = spillPendingValues(relocation);
        AbstractInsnNode[] insns = method.instructions.toArray();
        boolean[] monitorHeld = MonitorDepth.held(method);
        boolean[] inWindow = inWindows(windows, insns.length);
        Frame<BasicValue>[] frames = analyze();
        forgetDeadLocals(frames);

        List<Site> sites = new ArrayList<>();
        sites.add(new Site(0, -1, false));
        List<Integer> killOnlyPolls = new ArrayList<>();
        java.util.Map<LabelNode, String> blocked = new java.util.LinkedHashMap<>();
        for (int i = 0; i < insns.length; i++) {
            if (frames[i] == null) {
                continue; // unreachable
            }
            boolean resumable = !monitorHeld[i] && !inWindow[i] && !hasReturnAddress(frames[i]);
            if (insns[i] instanceof MethodInsnNode call && Sites.mayCapture(call, hierarchy)) {
                if (resumable) {
                    sites.add(new Site(sites.size(), i, true));
                } else {
                    blocked.put(mark(insns[i]), whyNotResumable(monitorHeld[i], inWindow[i])
                            + " (calling " + call.owner.replace('/', '.') + "." + call.name + ")");
                }
            } else if (insns[i] instanceof MethodInsnNode call && ConstructorBodies.isTaskConstructorCall(call, hierarchy)) {
                if (resumable && keptAllocations.contains(call)) {
                    sites.add(new Site(sites.size(), i, true, true));
                } else {
                    String where = resumable ? "in an expression with values pending below the new object (such as f(a, new X()))"
                            : whyNotResumable(monitorHeld[i], inWindow[i]);
                    blocked.put(mark(insns[i]), "constructing " + call.owner.replace('/', '.') + " " + where
                            + ": a capture inside its constructor waits until it returns");
                }
            } else if (insns[i] instanceof MethodInsnNode call && !call.owner.equals(Sites.ENGINE)
                    && !call.owner.equals(Sites.TASK_IO)) {
                blocked.put(mark(insns[i]), hierarchy.classPath().isTaskClass(call.owner)
                        ? "a call to " + call.owner.replace('/', '.') + "." + call.name + ", " + QuietMethods.QUIET
                        : "a call into " + call.owner.replace('/', '.') + "." + call.name
                        + ", which is not rewritten task code (JDK or library, reflection, a method handle, a constructor)");
            } else if (isBackEdge(insns[i], i)) {
                if (resumable) {
                    sites.add(new Site(sites.size(), i, false));
                } else {
                    killOnlyPolls.add(i);
                }
            }
        }

        List<dev.ferry.runtime.continuation.FrameDebug> debug = new ArrayList<>();
        for (Site site : sites) {
            debug.add(debugAt(insns, Math.max(site.insn, 0), frames[Math.max(site.insn, 0)]));
        }
        InsnList cold = new InsnList();
        sharedBlocks.clear();
        List<TryCatchBlockNode> unwindHandlers = new ArrayList<>();
        LabelNode body = new LabelNode();
        LabelNode slowEntry = new LabelNode();
        for (Site site : sites) {
            if (site.insn < 0) {
                continue;
            }
            AbstractInsnNode insn = insns[site.insn];
            Frame<BasicValue> frame = frames[site.insn];
            LabelNode slowPath = new LabelNode();
            LabelNode back = new LabelNode();
            if (site.isConstruction) {
                // new X(args) -> new X(args); goto done; bodyCall: x.ferry$ctor$X(args); done:
                // A resumed construction enters at bodyCall with the restored object twice on the
                // stack (the copy the caller keeps, and the receiver) and placeholder arguments.
                MethodInsnNode call = (MethodInsnNode) insn;
                LabelNode end = new LabelNode();
                LabelNode handler = new LabelNode();
                LabelNode done = new LabelNode();
                InsnList after = new InsnList();
                after.add(new JumpInsnNode(Opcodes.GOTO, done));
                after.add(site.resumeTarget);
                after.add(site.bodyCall);
                after.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, call.owner, ConstructorBodies.bodyName(call.owner),
                        call.desc, false));
                after.add(end);
                after.add(done);
                method.instructions.insertBefore(insn, site.recordedCall);
                method.instructions.insert(insn, after);
                unwindHandlers.add(new TryCatchBlockNode(site.recordedCall, end, handler, UNWIND));
                cold.add(handler);
                cold.add(new InsnNode(Opcodes.POP));
                cold.add(intConst(site.index));
                cold.add(new JumpInsnNode(Opcodes.GOTO, shared(frame).capture));
            } else if (site.isCall) {
                MethodInsnNode call = (MethodInsnNode) insn;
                if (frame.getStackSize() != argumentSlots(call)) {
                    throw new IllegalStateException("values left below the call at " + site.insn + " in " + methodKey);
                }
                LabelNode end = new LabelNode();
                LabelNode handler = new LabelNode();
                method.instructions.insertBefore(insn, site.recordedCall);
                method.instructions.insertBefore(insn, site.resumeTarget);
                method.instructions.insert(insn, end);
                unwindHandlers.add(new TryCatchBlockNode(site.recordedCall, end, handler, UNWIND));
                cold.add(handler);
                cold.add(new InsnNode(Opcodes.POP)); // the Unwind: the engine throws it on
                cold.add(intConst(site.index));
                cold.add(new JumpInsnNode(Opcodes.GOTO, shared(frame).capture));
            } else {
                InsnList poll = new InsnList();
                poll.add(attentionCheck("attention"));
                poll.add(new JumpInsnNode(Opcodes.IFNE, slowPath));
                poll.add(back);
                method.instructions.insertBefore(insn, poll);

                cold.add(slowPath);
                cold.add(site.recordedCall);
                cold.add(engineCall("poll", "()Z"));
                cold.add(new JumpInsnNode(Opcodes.IFEQ, back));
                cold.add(captureFrame(frame, frame.getStackSize(), site.index));
                // resume lands after the check, before the jump
                method.instructions.insert(back, site.resumeTarget);
            }
        }
        for (int i : killOnlyPolls) {
            method.instructions.insertBefore(insns[i], killPoint());
        }

        // prologue and the entry slow path
        Site entry = sites.get(0);
        InsnList prologue = new InsnList();
        prologue.add(attentionCheck("entryAttention"));
        prologue.add(new JumpInsnNode(Opcodes.IFNE, slowEntry));
        prologue.add(body);
        method.instructions.insert(prologue);

        LabelNode captureAtEntry = new LabelNode();
        cold.add(slowEntry);
        cold.add(new LdcInsnNode(ownerType));
        cold.add(new LdcInsnNode(methodKey));
        cold.add(entry.recordedCall);
        cold.add(engineCall("enter", "(Ljava/lang/Class;Ljava/lang/String;)I"));
        LabelNode[] targets = new LabelNode[sites.size() + 2];
        targets[0] = captureAtEntry;
        targets[1] = body;
        List<LabelNode> restores = new ArrayList<>();
        for (int k = 0; k < sites.size(); k++) {
            LabelNode restore = new LabelNode();
            restores.add(restore);
            targets[k + 2] = restore;
        }
        cold.add(new TableSwitchInsnNode(-2, sites.size() - 1, body, targets));
        cold.add(captureAtEntry);
        cold.add(captureFrame(frames[0], 0, 0));

        for (Site site : sites) {
            cold.add(restores.get(site.index));
            if (site.insn < 0) {
                cold.add(restoreFrame(frames[0], 0));
                cold.add(new JumpInsnNode(Opcodes.GOTO, body));
                continue;
            }
            Frame<BasicValue> frame = frames[site.insn];
            if (site.isCall) {
                Shared shared = shared(frame);
                cold.add(intConst(site.index));
                cold.add(new JumpInsnNode(Opcodes.GOTO, shared.restore));
                shared.calls.add(site);
                continue;
            }
            cold.add(restoreFrame(frame, frame.getStackSize()));
            cold.add(new JumpInsnNode(Opcodes.GOTO, site.resumeTarget));
        }
        for (Shared shared : sharedBlocks.values()) {
            cold.add(shared.capture);
            cold.add(captureFrame(shared.frame, 0, -1));
            cold.add(shared.restore);
            cold.add(restoreFrame(shared.frame, 0));
            // the resume index is on the stack: on to the call's own tail
            int[] keys = new int[shared.calls.size()];
            LabelNode[] tails = new LabelNode[keys.length];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = shared.calls.get(i).index;
                tails[i] = new LabelNode();
            }
            cold.add(new LookupSwitchInsnNode(tails[0], keys, tails));
            for (int i = 0; i < keys.length; i++) {
                Site site = shared.calls.get(i);
                MethodInsnNode call = (MethodInsnNode) insns[site.insn];
                Frame<BasicValue> frame = frames[site.insn];
                cold.add(tails[i]);
                if (site.isConstruction) {
                    cold.add(new LdcInsnNode(Type.getObjectType(call.owner)));
                    cold.add(engineCall("receiver", "(Ljava/lang/Class;)Ljava/lang/Object;"));
                    cold.add(new TypeInsnNode(Opcodes.CHECKCAST, call.owner));
                    cold.add(new InsnNode(Opcodes.DUP));
                } else if (call.getOpcode() != Opcodes.INVOKESTATIC) {
                    Type receiverType = frame.getStack(0).getType();
                    String cast = receiverType == null || receiverType.getSort() != Type.OBJECT && receiverType.getSort() != Type.ARRAY
                            || receiverType.getInternalName().equals("null") ? call.owner : receiverType.getInternalName();
                    cold.add(new LdcInsnNode(Type.getObjectType(call.owner)));
                    cold.add(engineCall("receiver", "(Ljava/lang/Class;)Ljava/lang/Object;"));
                    cold.add(new TypeInsnNode(Opcodes.CHECKCAST, cast));
                }
                for (Type arg : Type.getArgumentTypes(call.desc)) {
                    cold.add(zero(arg));
                }
                cold.add(new JumpInsnNode(Opcodes.GOTO, site.resumeTarget));
            }
        }
        method.instructions.add(cold);
        // Ahead of the task's own handlers: the first matching entry wins, so no catch or finally
        // of the task ever sees an Unwind.
        method.tryCatchBlocks.addAll(0, unwindHandlers);
        List<LabelNode> points = new ArrayList<>();
        List<LabelNode> passThrough = new ArrayList<>();
        List<LabelNode> constructions = new ArrayList<>();
        for (Site site : sites) {
            points.add(site.recordedCall);
            if (site.isConstruction) {
                passThrough.add(site.bodyCall);
                constructions.add(site.recordedCall);
                constructions.add(site.bodyCall);
            }
        }
        return new Result(points, passThrough, constructions, null, blocked, debug);
    }

    /** The source line and the names of the locals in scope at instruction {@code index}. */
    private dev.ferry.runtime.continuation.FrameDebug debugAt(AbstractInsnNode[] insns, int index, Frame<BasicValue> frame) {
        int line = -1;
        for (int i = Math.min(index, insns.length - 1); i >= 0 && line < 0; i--) {
            if (insns[i] instanceof org.objectweb.asm.tree.LineNumberNode n) {
                line = n.line;
            }
        }
        if (line < 0) {
            for (AbstractInsnNode insn : insns) {
                if (insn instanceof org.objectweb.asm.tree.LineNumberNode n) {
                    line = n.line;
                    break;
                }
            }
        }
        List<String> names = new ArrayList<>();
        if (method.localVariables != null) {
            for (org.objectweb.asm.tree.LocalVariableNode v : method.localVariables) {
                int start = method.instructions.indexOf(v.start);
                int end = method.instructions.indexOf(v.end);
                AbstractInsnNode at = insns[Math.min(index, insns.length - 1)];
                int here = method.instructions.indexOf(at);
                boolean saved = frame != null && v.index < frame.getLocals() && kind(frame.getLocal(v.index)) != '-';
                if (here >= start && here < end && saved) {
                    while (names.size() <= v.index) {
                        names.add(null);
                    }
                    names.set(v.index, v.name);
                }
            }
        }
        return new dev.ferry.runtime.continuation.FrameDebug(line, names);
    }

    /** A label right before {@code insn}, whose offset will be the instruction's bytecode index. */
    private LabelNode mark(AbstractInsnNode insn) {
        LabelNode label = new LabelNode();
        method.instructions.insertBefore(insn, label);
        return label;
    }

    /** For a method left as it was: only the stream and sleep replacements, which need no analysis. */
    void replaceIntrinsicsOnly() {
        replaceIntrinsics();
    }

    /** Marks locals that are never read again as unset, so that no frame saves or restores them. */
    private void forgetDeadLocals(Frame<BasicValue>[] frames) {
        java.util.BitSet[] live = Liveness.liveBefore(method);
        for (int i = 0; i < frames.length; i++) {
            Frame<BasicValue> frame = frames[i];
            if (frame == null) {
                continue;
            }
            // `this` always travels: a resumed call's receiver, and a resumed task's instance, are taken from it.
            int first = (method.access & Opcodes.ACC_STATIC) == 0 ? 1 : 0;
            for (int slot = first; slot < frame.getLocals(); slot++) {
                if (!live[i].get(slot) && frame.getLocal(slot) != BasicValue.UNINITIALIZED_VALUE) {
                    frame.setLocal(slot, BasicValue.UNINITIALIZED_VALUE);
                }
            }
        }
    }

    private boolean[] inWindows(List<ConstructorCalls.Window> windows, int length) {
        boolean[] inWindow = new boolean[length];
        for (ConstructorCalls.Window w : windows) {
            for (int i = method.instructions.indexOf(w.allocation()); i < method.instructions.indexOf(w.constructor()); i++) {
                inWindow[i] = true;
            }
        }
        return inWindow;
    }

    /**
     * Before every call that may capture with values pending below its arguments ({@code a + f(x)}),
     * moves the whole operand stack into fresh locals and back, so that at the call the stack holds
     * only the call's own receiver and arguments, and after it the pending values are reloaded under
     * the result. A frame's state is then all in its locals when a capture's {@link
     * dev.ferry.runtime.engine.Unwind} arrives at the call — an exception handler sees no operand
     * stack. The JIT keeps such locals in registers, so the moves cost next to nothing.
     *
     * <p>Constructions of task classes with values pending below the new object
     * ({@code list.add(new X(...))}) get the same treatment around the whole construction (see
     * {@link #spillBelow}).
     *
     * @return the constructor calls at which the stack is javac's {@code new; dup} pair and the
     *         arguments alone, which a resumed construction can stand in for
     */
    private java.util.Set<MethodInsnNode> spillPendingValues(ConstructorCalls.Relocation relocation) throws AnalyzerException {
        AbstractInsnNode[] insns = method.instructions.toArray();
        boolean[] monitorHeld = MonitorDepth.held(method);
        boolean[] inWindow = inWindows(relocation.inPlace(), insns.length);
        Frame<BasicValue>[] frames = analyze();
        // Constructions are chosen before anything is inserted, while the frames still match.
        java.util.Map<AbstractInsnNode, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < insns.length; i++) {
            index.put(insns[i], i);
        }
        List<ConstructorCalls.Window> constructions = new ArrayList<>();
        boolean anyPending = false;
        for (ConstructorCalls.Window w : relocation.moved()) {
            int at = index.get(w.allocation());
            if (frames[at] != null && ConstructorBodies.isTaskConstructorCall(w.constructor(), hierarchy)
                    && !monitorHeld[at] && !inWindow[at] && !hasReturnAddress(frames[at])) {
                constructions.add(w);
                anyPending |= frames[at].getStackSize() > 0;
            }
        }
        Frame<org.objectweb.asm.tree.analysis.SourceValue>[] sources = anyPending
                ? new Analyzer<>(new org.objectweb.asm.tree.analysis.SourceInterpreter()).analyze(owner.name, method) : null;
        // One region of scratch locals serves every spill: a spill ends before the next one begins
        // (a construction's spans only its argument loads and its constructor call).
        int base = method.maxLocals;
        int used = 0;
        java.util.Set<MethodInsnNode> kept = new java.util.HashSet<>();
        for (ConstructorCalls.Window w : constructions) {
            int at = index.get(w.allocation());
            if (frames[at].getStackSize() == 0) {
                kept.add(w.constructor());
            } else if (spillable(frames[at], sources[at])) {
                used = Math.max(used, spillBelow(w, frames[at], base));
                kept.add(w.constructor());
            }
        }
        for (int i = 0; i < insns.length; i++) {
            if (!(insns[i] instanceof MethodInsnNode call) || frames[i] == null || !Sites.mayCapture(call, hierarchy)
                    || monitorHeld[i] || inWindow[i] || hasReturnAddress(frames[i])) {
                continue;
            }
            Frame<BasicValue> frame = frames[i];
            int depth = frame.getStackSize();
            int below = depth - argumentSlots(call);
            if (below == 0) {
                continue;
            }
            Spill spill = new Spill(frame, base);
            char[] kinds = spill.kinds;
            int[] slots = spill.slots;
            int next = spill.end;
            InsnList before = spill.stores();
            for (int d = below; d < depth; d++) {
                before.add(load(kinds[d], slots[d]));
            }
            InsnList after = new InsnList();
            Type result = Type.getReturnType(call.desc);
            int resultSlot = next;
            used = Math.max(used, next + result.getSize() - base);
            if (result.getSize() > 0) {
                after.add(new VarInsnNode(result.getOpcode(Opcodes.ISTORE), resultSlot));
            }
            for (int d = 0; d < below; d++) {
                after.add(load(kinds[d], slots[d]));
            }
            if (result.getSize() > 0) {
                after.add(new VarInsnNode(result.getOpcode(Opcodes.ILOAD), resultSlot));
            }
            method.instructions.insertBefore(call, before);
            method.instructions.insert(call, after);
        }
        method.maxLocals = base + used;
        return kept;
    }

    /** Whether every value pending below a construction can be stored: none is an object not yet constructed. */
    private static boolean spillable(Frame<BasicValue> frame, Frame<org.objectweb.asm.tree.analysis.SourceValue> sources) {
        for (int d = 0; d < frame.getStackSize(); d++) {
            if (kind(frame.getStack(d)) == '-') {
                return false;
            }
            for (AbstractInsnNode source : sources.getStack(d).insns) {
                if (source.getOpcode() == Opcodes.NEW || source.getOpcode() == Opcodes.DUP) {
                    return false; // (conservatively, a dup of anything)
                }
            }
        }
        return true;
    }

    /**
     * Moves the values pending below a moved construction ({@code new X; dup; load args;
     * invokespecial}) into scratch locals from {@code base} before the {@code new}, and back after
     * the constructor call, under the new object. Returns how many scratch slots it used.
     */
    private int spillBelow(ConstructorCalls.Window w, Frame<BasicValue> frame, int base) {
        int depth = frame.getStackSize();
        Spill spill = new Spill(frame, base);
        char[] kinds = spill.kinds;
        int[] slots = spill.slots;
        int objectSlot = spill.end;
        InsnList before = spill.stores();
        InsnList after = new InsnList();
        after.add(new VarInsnNode(Opcodes.ASTORE, objectSlot));
        for (int d = 0; d < depth; d++) {
            after.add(load(kinds[d], slots[d]));
        }
        after.add(new VarInsnNode(Opcodes.ALOAD, objectSlot));
        method.instructions.insertBefore(w.allocation(), before);
        method.instructions.insert(w.constructor(), after);
        return objectSlot + 1 - base;
    }

    /** A frame's operand stack laid out in scratch locals from {@code base} up, bottom value first. */
    private static final class Spill {
        final char[] kinds;
        final int[] slots;
        /** The first slot after them. */
        final int end;

        Spill(Frame<BasicValue> frame, int base) {
            int depth = frame.getStackSize();
            kinds = new char[depth];
            slots = new int[depth];
            int next = base;
            for (int d = 0; d < depth; d++) {
                kinds[d] = kind(frame.getStack(d));
                slots[d] = next;
                next += frame.getStack(d).getSize();
            }
            end = next;
        }

        /** Pops the whole stack into the slots, top first; a known null is dropped and reloaded as a constant. */
        InsnList stores() {
            InsnList stores = new InsnList();
            for (int d = kinds.length - 1; d >= 0; d--) {
                stores.add(kinds[d] == '0' || kinds[d] == '-' ? new InsnNode(Opcodes.POP)
                        : new VarInsnNode(storeOpcode(kinds[d]), slots[d]));
            }
            return stores;
        }
    }

    private static AbstractInsnNode load(char kind, int slot) {
        return kind == '0' || kind == '-' ? new InsnNode(Opcodes.ACONST_NULL) : new VarInsnNode(loadOpcode(kind), slot);
    }

    private String whyNeverCapturable() {
        if (method.name.equals("<init>")) {
            return "a constructor (a capture waits until it returns)";
        }
        for (AbstractInsnNode insn : method.instructions) {
            if (insn.getOpcode() == Opcodes.JSR || insn.getOpcode() == Opcodes.RET) {
                return "old bytecode with subroutines (jsr/ret), which Ferry does not rewrite";
            }
        }
        return null;
    }

    /** Thread.sleep, System.exit and String.intern go through the engine; System.out/err/in become the task's own streams. */
    private void replaceIntrinsics() {
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            if (insn instanceof MethodInsnNode call && call.owner.equals("java/lang/Thread") && call.name.equals("sleep")
                    && (call.desc.equals("(J)V") || call.desc.equals("(JI)V"))) {
                call.owner = Sites.ENGINE;
            } else if (insn instanceof MethodInsnNode call && call.owner.equals("java/lang/System") && call.name.equals("exit")) {
                call.owner = Sites.ENGINE; // ends the task, not the host JVM
            } else if (insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKEVIRTUAL
                    && call.owner.equals("java/lang/String") && call.name.equals("intern")
                    && call.desc.equals("()Ljava/lang/String;")) {
                // Noted as interned, so that a move to another JVM brings it back interned.
                method.instructions.set(call, new MethodInsnNode(Opcodes.INVOKESTATIC, Sites.ENGINE, "intern",
                        "(Ljava/lang/String;)Ljava/lang/String;", false));
            } else if (insn instanceof FieldInsnNode field && field.getOpcode() == Opcodes.GETSTATIC
                    && field.owner.equals("java/lang/System")
                    && (field.name.equals("out") || field.name.equals("err") || field.name.equals("in"))) {
                InsnList replacement = new InsnList();
                replacement.add(new LdcInsnNode(ownerType));
                replacement.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Sites.TASK_IO, field.name,
                        "(Ljava/lang/Class;)" + field.desc, false));
                method.instructions.insert(insn, replacement);
                method.instructions.remove(insn);
            }
        }
    }

    /** Safepoints in a method that cannot capture still let a kill (and a blocked capture's diagnosis) through. */
    private void addKillPoints() {
        AbstractInsnNode[] insns = method.instructions.toArray();
        for (int i = 0; i < insns.length; i++) {
            if (isBackEdge(insns[i], i)) {
                method.instructions.insertBefore(insns[i], killPoint());
            }
        }
        method.instructions.insert(killPoint("entryAttention"));
    }

    private InsnList killPoint() {
        return killPoint("attention");
    }

    private InsnList killPoint(String flag) {
        InsnList list = new InsnList();
        LabelNode skip = new LabelNode();
        list.add(attentionCheck(flag));
        list.add(new JumpInsnNode(Opcodes.IFEQ, skip));
        list.add(engineCall("poll", "()Z"));
        list.add(new InsnNode(Opcodes.POP));
        list.add(skip);
        return list;
    }

    /** The bootstrap of every safepoint's call site: the task class loader's {@code AttentionSite}. */
    private static final Handle ATTENTION_SITE = new Handle(Opcodes.H_INVOKESTATIC, Sites.ENGINE, "attentionSite",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;)"
                    + "Ljava/lang/invoke/CallSite;", false);

    /**
     * Pushes whether this safepoint must take its slow path: an {@code invokedynamic} of the task
     * loader's call site, which compiled code folds to a constant while it is lowered; in a class
     * file older than Java 7, which cannot hold one, a read of the engine's static {@code flag}
     * ({@code attention}, volatile, at back-edges; {@code entryAttention}, plain, at entries).
     */
    private AbstractInsnNode attentionCheck(String flag) {
        if ((owner.version & 0xFFFF) < Opcodes.V1_7) {
            return new FieldInsnNode(Opcodes.GETSTATIC, Sites.ENGINE, flag, "Z");
        }
        return new InvokeDynamicInsnNode("attention", "()Z", ATTENTION_SITE);
    }

    private boolean isBackEdge(AbstractInsnNode insn, int index) {
        for (LabelNode l : Branches.targets(insn)) {
            if (method.instructions.indexOf(l) <= index) {
                return true;
            }
        }
        return false;
    }

    private Frame<BasicValue>[] analyze() throws AnalyzerException {
        List<Type> interfaces = new ArrayList<>();
        for (String i : owner.interfaces) {
            interfaces.add(Type.getObjectType(i));
        }
        HierarchyVerifier verifier = new HierarchyVerifier(hierarchy, ownerType,
                owner.superName == null ? null : Type.getObjectType(owner.superName), interfaces,
                (owner.access & Opcodes.ACC_INTERFACE) != 0);
        return new Analyzer<>(verifier).analyze(owner.name, method);
    }

    /** Why a call site that is not resumable is not (see where {@code resumable} is computed). */
    private static String whyNotResumable(boolean monitorHeld, boolean inWindow) {
        return monitorHeld ? "inside a synchronized block"
                : inWindow ? "in the arguments of a constructor call" : "in old bytecode (jsr/ret)";
    }

    private static boolean hasReturnAddress(Frame<BasicValue> frame) {
        for (int i = 0; i < frame.getLocals(); i++) {
            if (frame.getLocal(i) == BasicValue.RETURNADDRESS_VALUE) {
                return true;
            }
        }
        for (int i = 0; i < frame.getStackSize(); i++) {
            if (frame.getStack(i) == BasicValue.RETURNADDRESS_VALUE) {
                return true;
            }
        }
        return false;
    }

    private static int argumentSlots(MethodInsnNode call) {
        return Type.getArgumentTypes(call.desc).length + (call.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
    }

    /** Saves the top {@code stackDepth} stack values (the whole stack at that point) and the locals, then unwinds on. */
    private InsnList captureFrame(Frame<BasicValue> frame, int stackDepth, int resumeIndex) {
        InsnList list = new InsnList();
        list.add(intConst(frame.getLocals()));
        list.add(intConst(stackDepth));
        list.add(engineCall("beginFrame", "(II)V"));
        for (int d = stackDepth - 1; d >= 0; d--) {
            BasicValue v = frame.getStack(d);
            char kind = kind(v);
            if (kind == '0') {
                list.add(new InsnNode(Opcodes.POP)); // a known null: nothing to keep
                continue;
            }
            list.add(intConst(d));
            list.add(engineCall("saveStack" + kind, "(" + slotDescriptor(kind) + "I)V"));
        }
        // endFrame's first argument. Pushed only now that the frame's own stack values are saved: a
        // back-edge poll can have some (a do-while's `i < n` compares two values at its jump back),
        // and an index pushed on top of them would be saved as one of them. Shared blocks find it
        // already pushed by the call's stub, over an empty stack.
        if (resumeIndex >= 0) {
            list.add(intConst(resumeIndex));
        }
        for (int slot = 0; slot < frame.getLocals(); slot++) {
            BasicValue v = frame.getLocal(slot);
            char kind = kind(v);
            if (kind == '-' || kind == '0') {
                continue;
            }
            list.add(new VarInsnNode(loadOpcode(kind), slot));
            list.add(intConst(slot));
            list.add(engineCall("saveLocal" + kind, "(" + slotDescriptor(kind) + "I)V"));
        }
        list.add(new LdcInsnNode(ownerType));
        list.add(new LdcInsnNode(methodKey));
        list.add(engineCall("endFrame", "(ILjava/lang/Class;Ljava/lang/String;)V"));
        list.add(engineCall("unwind", "()Ljava/lang/Error;"));
        list.add(new InsnNode(Opcodes.ATHROW));
        return list;
    }

    /** Reloads the locals and the bottom {@code stackDepth} stack values saved by {@link #captureFrame}. */
    private InsnList restoreFrame(Frame<BasicValue> frame, int stackDepth) {
        InsnList list = new InsnList();
        for (int slot = 0; slot < frame.getLocals(); slot++) {
            BasicValue v = frame.getLocal(slot);
            char kind = kind(v);
            if (kind == '-') {
                continue;
            }
            if (kind == '0') {
                list.add(new InsnNode(Opcodes.ACONST_NULL));
            } else {
                list.add(intConst(slot));
                list.add(engineCall("local" + kind, "(I)" + slotDescriptor(kind)));
                cast(list, v);
            }
            list.add(new VarInsnNode(storeOpcode(kind), slot));
        }
        for (int d = 0; d < stackDepth; d++) {
            BasicValue v = frame.getStack(d);
            char kind = kind(v);
            if (kind == '0') {
                list.add(new InsnNode(Opcodes.ACONST_NULL));
                continue;
            }
            list.add(intConst(d));
            list.add(engineCall("stack" + kind, "(I)" + slotDescriptor(kind)));
            cast(list, v);
        }
        return list;
    }

    /**
     * Casts a restored reference back to the type the analysis gave it, so that the verifier
     * accepts the jump back into the body. Not to an interface type: the analysis, like the JVM's
     * verifier, lets any reference stand for an interface (a local merged at a loop head from a
     * {@code List} and a {@code StringBuilder} is "a List"), so the value may well not implement it,
     * and the verifier needs no cast to use it as one.
     */
    private void cast(InsnList list, BasicValue v) {
        Type t = v.getType();
        if (t.getSort() != Type.OBJECT && t.getSort() != Type.ARRAY) {
            return;
        }
        Type element = t.getSort() == Type.ARRAY ? t.getElementType() : t;
        if (element.getSort() == Type.OBJECT && hierarchy.isInterface(element.getInternalName())) {
            if (t.getSort() == Type.ARRAY) {
                list.add(new TypeInsnNode(Opcodes.CHECKCAST, "[".repeat(t.getDimensions()) + "Ljava/lang/Object;"));
            }
        } else if (!t.getInternalName().equals("java/lang/Object")) {
            list.add(new TypeInsnNode(Opcodes.CHECKCAST, t.getInternalName()));
        }
    }

    /** I, J, F, D, A for a value to save; '0' for a known null; '-' for an unusable slot. */
    private static char kind(BasicValue v) {
        if (v == null || v == BasicValue.UNINITIALIZED_VALUE || v.getType() == null) {
            return '-';
        }
        Type t = v.getType();
        return switch (t.getSort()) {
            case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> 'I';
            case Type.LONG -> 'J';
            case Type.FLOAT -> 'F';
            case Type.DOUBLE -> 'D';
            case Type.OBJECT -> t.getInternalName().equals("null") ? '0' : 'A';
            case Type.ARRAY -> 'A';
            default -> '-';
        };
    }

    private static String slotDescriptor(char kind) {
        return kind == 'A' ? "Ljava/lang/Object;" : String.valueOf(kind);
    }

    private static int loadOpcode(char kind) {
        return switch (kind) {
            case 'I' -> Opcodes.ILOAD;
            case 'J' -> Opcodes.LLOAD;
            case 'F' -> Opcodes.FLOAD;
            case 'D' -> Opcodes.DLOAD;
            default -> Opcodes.ALOAD;
        };
    }

    private static int storeOpcode(char kind) {
        return loadOpcode(kind) + (Opcodes.ISTORE - Opcodes.ILOAD);
    }

    private static AbstractInsnNode zero(Type t) {
        return switch (t.getSort()) {
            case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> new InsnNode(Opcodes.ICONST_0);
            case Type.LONG -> new InsnNode(Opcodes.LCONST_0);
            case Type.FLOAT -> new InsnNode(Opcodes.FCONST_0);
            case Type.DOUBLE -> new InsnNode(Opcodes.DCONST_0);
            default -> new InsnNode(Opcodes.ACONST_NULL);
        };
    }

    static AbstractInsnNode intConst(int value) {
        if (value >= -1 && value <= 5) {
            return new InsnNode(Opcodes.ICONST_0 + value);
        }
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            return new IntInsnNode(Opcodes.BIPUSH, value);
        }
        if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            return new IntInsnNode(Opcodes.SIPUSH, value);
        }
        return new LdcInsnNode(value);
    }

    private static MethodInsnNode engineCall(String name, String desc) {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, Sites.ENGINE, name, desc, false);
    }
}
