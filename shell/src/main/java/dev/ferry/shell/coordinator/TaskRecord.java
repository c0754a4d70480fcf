package dev.ferry.shell.coordinator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The coordinator's record of one task. Owned by the coordinator's thread. */
final class TaskRecord {
    final String id;
    final String className;
    final List<String> args;
    final TaskLog log;
    /** When the task was launched (a coordinator that adopts a task learns it from its host). */
    Instant started = Instant.now();
    final List<MigrationView> history = new ArrayList<>();
    String host;
    TaskStatus status = TaskStatus.LAUNCHING;
    long epoch;
    int moves;
    Instant ended;
    String detail;
    /** The move under way or last made. */
    MigrationRecord migration;
    /** Completes when a launch or kill the API asked for has happened. */
    CompletableFuture<TaskView> waiter;

    TaskRecord(String id, String className, List<String> args, String host, TaskLog log) {
        this.id = id;
        this.className = className;
        this.args = List.copyOf(args);
        this.host = host;
        this.log = log;
    }

    void moveTo(TaskStatus to) {
        status = status.checkMoveTo(to);
    }

    String describe() {
        return args.isEmpty() ? className : className + " " + String.join(" ", args);
    }

    TaskView view() {
        return new TaskView(id, className, args, host, status, epoch, started, ended, moves, List.copyOf(history), detail);
    }
}
