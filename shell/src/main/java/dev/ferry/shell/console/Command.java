package dev.ferry.shell.console;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The shell's commands: their names, usage and help, for {@code help} and completion. */
enum Command {
    HOSTS("hosts [--json]", "list the hosts: name, address, state, load, tasks", """
            A host is ALIVE while it reports every heartbeat, SUSPECT after a short silence, DEAD after
            a long one (its tasks are then LOST; they come back if the host does). LOAD is the host
            JVM's cpu use and heap. --json prints one JSON array instead of the table."""),
    PS("ps [--json]", "list the tasks: id, class and arguments, host, state, uptime, moves", """
            States: LAUNCHING, RUNNING, MIGRATING, FINISHED, FAILED, KILLED, LOST. NOTE says why a task
            failed or was lost. --json prints one JSON array instead of the table."""),
    LAUNCH("launch CLASS [ARGS...] [--on HOST]", "start a task, on HOST or the least loaded host", """
            CLASS is a task class on the hosts' task class path: a full name, or a simple name
            (Counter) that one class on the shell's task class path has. Tab lists them.
            e.g.  launch Counter 1000
                  launch dev.ferry.samples.Counter 1000 50 --on host-2"""),
    KILL("kill ID", "stop a task", """
            The task stops at its next safepoint (a sleeping task wakes up for it)."""),
    MIGRATE("migrate ID HOST", "move a running task to HOST, where it goes on from where it was", """
            The task is captured at a safepoint, sent to HOST, and resumed there; its output goes on
            in the same stream (logs ID shows the move). If anything fails on the way, the task runs
            on where it was and the error says at which step."""),
    LOGS("logs [-f] ID", "the task's output, across its moves", """
            -f follows the output until the task ends (Ctrl-C stops following; the task runs on)."""),
    INSPECT("inspect ID", "capture the live task, show its frames and locals, and let it run on", """
            What ferry inspect shows for a snapshot file: frames with source lines and local names,
            statics, the heap by class."""),
    DRAIN("drain HOST", "move every running task off HOST to the other ALIVE hosts", """
            The least loaded hosts get them first. A task that cannot move runs on where it was, and
            the error names it."""),
    WAIT("wait hosts N | wait ID", "wait until N hosts are ALIVE, or until task ID ends (for scripts)", """
            Gives up after 60 s. e.g.  wait hosts 2
                                        wait 1"""),
    HELP("help [COMMAND]", "list the commands, or say more about one", ""),
    EXIT("exit", "leave the shell (ferry up also stops the hosts it started)", """
            Ctrl-D does the same. Tasks on hosts that ferry up did not start run on, and report to
            the next coordinator on this port.""");

    final String usage;
    final String summary;
    final String details;

    Command(String usage, String summary, String details) {
        this.usage = usage;
        this.summary = summary;
        this.details = details;
    }

    String word() {
        return name().toLowerCase();
    }

    /** The operands in the usage, e.g. [ID, HOST] for migrate. */
    List<String> operands() {
        return Arrays.stream(usage.split(" ")).skip(1).filter(w -> !w.startsWith("[") && !w.startsWith("-")).toList();
    }

    static Optional<Command> named(String name) {
        if (name.equals("quit")) {
            return Optional.of(EXIT);
        }
        return Arrays.stream(values()).filter(c -> c.word().equals(name)).findFirst();
    }

    static List<String> names() {
        return Arrays.stream(values()).map(Command::word).toList();
    }
}
