package dev.ferry.shell.console;

import dev.ferry.shell.coordinator.Coordinator;
import dev.ferry.shell.coordinator.HostState;
import dev.ferry.shell.coordinator.HostView;
import dev.ferry.shell.coordinator.TaskStatus;
import dev.ferry.shell.coordinator.TaskView;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: command names first; then, by command, host names, task ids (with what each
 * task is and where it runs) and the task classes on the task class path (by simple name when
 * only one class has it). Asks the coordinator afresh on every Tab.
 */
final class ShellCompleter implements Completer {
    private final Coordinator coordinator;
    private final TaskClasses classes;

    ShellCompleter(Coordinator coordinator, TaskClasses classes) {
        this.coordinator = coordinator;
        this.classes = classes;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        if (index == 0) {
            for (Command c : Command.values()) {
                candidates.add(new Candidate(c.word(), c.word(), null, c.summary, null, null, true));
            }
            return;
        }
        Command command = Command.named(words.get(0)).orElse(null);
        if (command == null) {
            return;
        }
        String previous = words.get(index - 1);
        switch (command) {
            case HOSTS, PS -> {
                if (index == 1) {
                    option(candidates, "--json", "JSON instead of a table");
                }
            }
            case LAUNCH -> {
                if (previous.equals("--on")) {
                    hosts(candidates, null);
                } else if (index == 1) {
                    option(candidates, "--on", "the host to launch on");
                    classes(candidates);
                } else if (index == 3 && words.get(1).equals("--on")) {
                    classes(candidates);
                } else {
                    option(candidates, "--on", "the host to launch on");
                }
            }
            case KILL, INSPECT -> {
                if (index == 1) {
                    tasks(candidates, t -> !t.status().isFinal());
                }
            }
            case LOGS -> {
                if (index == 1) {
                    option(candidates, "-f", "follow until the task ends");
                }
                if (index == 1 || index == 2 && words.get(1).equals("-f")) {
                    tasks(candidates, t -> true);
                }
            }
            case MIGRATE -> {
                if (index == 1) {
                    tasks(candidates, t -> t.status() == TaskStatus.RUNNING);
                } else if (index == 2) {
                    String from = coordinator.task(words.get(1)).map(TaskView::host).orElse(null);
                    hosts(candidates, from);
                }
            }
            case DRAIN -> {
                if (index == 1) {
                    hosts(candidates, null);
                }
            }
            case WAIT -> {
                if (index == 1) {
                    option(candidates, "hosts", "wait hosts N: until N hosts are ALIVE");
                    tasks(candidates, t -> !t.status().isFinal());
                }
            }
            case HELP -> {
                if (index == 1) {
                    Command.names().forEach(n -> candidates.add(new Candidate(n)));
                }
            }
            case EXIT -> {
                // no arguments
            }
        }
    }

    private static void option(List<Candidate> candidates, String option, String what) {
        candidates.add(new Candidate(option, option, null, what, null, null, true));
    }

    private void hosts(List<Candidate> candidates, String except) {
        for (HostView h : coordinator.hosts()) {
            if (!h.name().equals(except)) {
                candidates.add(new Candidate(h.name(), h.name(), null, h.state() + (h.state() == HostState.ALIVE
                        ? ", " + h.tasks() + " tasks" : ""), null, null, true));
            }
        }
    }

    private void tasks(List<Candidate> candidates, Predicate<TaskView> which) {
        for (TaskView t : coordinator.tasks()) {
            if (which.test(t)) {
                String what = TaskClasses.simpleName(t.className())
                        + (t.args().isEmpty() ? "" : " " + String.join(" ", t.args())) + ", " + t.status() + " on " + t.host();
                candidates.add(new Candidate(t.id(), t.id(), null, what, null, null, true));
            }
        }
    }

    private void classes(List<Candidate> candidates) {
        List<String> names = classes.names();
        Map<String, Long> bySimpleName = names.stream().collect(Collectors.groupingBy(TaskClasses::simpleName,
                Collectors.counting()));
        for (String name : names) {
            String simple = TaskClasses.simpleName(name);
            String value = bySimpleName.get(simple) == 1 ? simple : name;
            candidates.add(new Candidate(value, value, null, name, null, null, true));
        }
    }
}
