package dev.ferry.agent.host;

import dev.ferry.runtime.engine.RunningTask;
import dev.ferry.runtime.engine.Tasks;
import dev.ferry.runtime.protocol.Message;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A task as this host runs it: its cluster id, its epoch here (the coordinator grants each epoch to
 * one host), its code, its output streams, and the engine's {@link RunningTask} for the current copy.
 *
 * <p>Thread roles: {@code running} and {@code epoch} are replaced by the daemon (on a launch,
 * after an inspection, after a failed move); {@code operation} says which one operation (a move
 * or an inspection) has the task, so that two never capture it at once.
 */
final class HostedTask {
    final String id;
    final String className;
    final List<String> args;
    final List<Path> classPath;
    final TaskStream out;
    final TaskStream err;
    final Tasks.Options options;
    final long epoch;
    /** When the task was first launched (epoch milliseconds), on whichever host. */
    final long startedMillis;
    /** How many times it has moved. */
    final int moves;
    private volatile RunningTask running;
    private final AtomicReference<String> operation = new AtomicReference<>();
    /** A kill that arrived while the task was moving: applied if it stays here. */
    volatile boolean killRequested;

    HostedTask(String id, String className, List<String> args, List<Path> classPath, long epoch, long startedMillis,
               int moves, Consumer<Message> sink) {
        this.id = id;
        this.className = className;
        this.args = List.copyOf(args);
        this.classPath = List.copyOf(classPath);
        this.epoch = epoch;
        this.startedMillis = startedMillis;
        this.moves = moves;
        this.out = new TaskStream(id, "out", 0, sink);
        this.err = new TaskStream(id, "err", 0, sink);
        this.options = Tasks.Options.defaults().withOutput(new PrintStream(out, false), new PrintStream(err, false));
    }

    RunningTask running() {
        return running;
    }

    void running(RunningTask task) {
        this.running = task;
    }

    /** Claims the task for one operation; false if another has it. */
    boolean begin(String what) {
        return operation.compareAndSet(null, what);
    }

    void end() {
        operation.set(null);
    }

    /** The operation under way (a move or an inspection), or null. */
    String operation() {
        return operation.get();
    }

    /**
     * The task as a snapshot, captured from {@code running} on host {@code hostName}, with each
     * frame's source line and local names (for a move and for {@code inspect} alike).
     */
    byte[] snapshot(RunningTask running, dev.ferry.runtime.continuation.Continuation continuation, String hostName)
            throws dev.ferry.runtime.snapshot.NotMovableException {
        dev.ferry.runtime.snapshot.Snapshot snapshot = new dev.ferry.runtime.snapshot.Snapshot(id, epoch,
                dev.ferry.agent.rewrite.AsmClassRewriter.ENGINE_VERSION, hostName, java.time.Instant.now(),
                out.position(), err.position(), continuation);
        return dev.ferry.runtime.snapshot.SnapshotCodec.encode(snapshot, options.out(), options.err(), running::debugInfo);
    }

    Message.TaskReport report() {
        RunningTask r = running;
        String state = operation() != null ? "MIGRATING" : r == null ? "LAUNCHING" : r.state().toString();
        return new Message.TaskReport(id, epoch, className, args, state, startedMillis, moves);
    }
}
