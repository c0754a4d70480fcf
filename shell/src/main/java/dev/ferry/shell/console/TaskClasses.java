package dev.ferry.shell.console;

import dev.ferry.runtime.engine.Tasks;
import dev.ferry.shell.coordinator.Suggestions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The task classes on the shell's task class path: classes a host could launch, that is with a
 * {@code public static void main(String[])}, or implementing {@link Task} or {@link Runnable}
 * (the rule {@code Tasks.start} applies). They feed completion, and let {@code launch Counter}
 * stand for {@code dev.ferry.samples.Counter} when only one task class has that simple name.
 *
 * <p>The shell only looks: classes are loaded without being initialized, in a loader of their
 * own, and a class that cannot be loaded here is left out. Hosts have class paths of their own; a
 * class the shell does not know is still sent to them as typed.
 */
public final class TaskClasses {
    private final List<Path> classPath;
    private final List<String> names;

    private TaskClasses(List<Path> classPath, List<String> names) {
        this.classPath = List.copyOf(classPath);
        this.names = List.copyOf(names);
    }

    /** No class path: no completion of classes, and class names go to the hosts as typed. */
    public static TaskClasses none() {
        return new TaskClasses(List.of(), List.of());
    }

    /** Scans {@code classPath} (directories and jars; missing entries are skipped). */
    public static TaskClasses scan(List<Path> classPath) {
        List<String> candidates = new ArrayList<>();
        List<URL> urls = new ArrayList<>();
        for (Path entry : classPath) {
            try {
                if (Files.isDirectory(entry)) {
                    urls.add(entry.toUri().toURL());
                    try (Stream<Path> files = Files.walk(entry)) {
                        files.filter(f -> f.toString().endsWith(".class"))
                                .forEach(f -> candidates.add(className(entry.relativize(f).toString().replace('\\', '/'))));
                    }
                } else if (Files.isRegularFile(entry)) {
                    urls.add(entry.toUri().toURL());
                    try (JarFile jar = new JarFile(entry.toFile())) {
                        jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
                                .forEach(n -> candidates.add(className(n)));
                    }
                }
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("not a class path entry: " + entry, e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the task class path entry " + entry, e);
            }
        }
        TreeSet<String> names = new TreeSet<>();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), TaskClasses.class.getClassLoader())) {
            for (String name : candidates) {
                if (!name.contains("$") && !name.endsWith("package-info") && !name.endsWith("module-info")
                        && isTaskClass(loader, name)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TaskClasses(classPath, new ArrayList<>(names));
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }

    private static boolean isTaskClass(ClassLoader loader, String name) {
        try {
            Class<?> c = Class.forName(name, false, loader);
            if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
                return false;
            }
            Tasks.entryKind(c); // the hosts' own rule: a main method as JDK 25's launcher takes it, a Task, a Runnable
            return true;
        } catch (IllegalArgumentException e) {
            return false; // no entry point
        } catch (ClassNotFoundException | LinkageError e) {
            return false; // it needs what the shell does not have: the host will tell
        }
    }

    /** The task classes found, sorted by full name. */
    public List<String> names() {
        return names;
    }

    /** The class path scanned. */
    public List<Path> classPath() {
        return classPath;
    }

    /**
     * The full name for what was typed: a known full name or any name with a dot as it is; a
     * simple name that one task class has, that class.
     *
     * @throws CommandException if several task classes have that simple name, or (with a class
     *                          path known) none has it and no full name was given
     */
    public String resolve(String typed) {
        if (typed.contains(".") || classPath.isEmpty()) {
            return typed;
        }
        List<String> matches = names.stream().filter(n -> simpleName(n).equals(typed)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            throw new CommandException(typed + " is ambiguous: " + String.join(", ", matches) + "; give the full name");
        }
        List<String> simple = names.stream().map(TaskClasses::simpleName).toList();
        throw new CommandException("no task class " + typed + " on the task class path" + Suggestions.didYouMean(typed, simple)
                + " (give the full name of a class the hosts have; Tab lists the known ones)");
    }

    static String simpleName(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
