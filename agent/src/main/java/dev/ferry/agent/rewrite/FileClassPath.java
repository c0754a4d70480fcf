package dev.ferry.agent.rewrite;

import dev.ferry.runtime.engine.ClassRewriter.ClassPathView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A class path of directories and jars of class files, with the JDK behind them: what the rewriter
 * sees when it works on compiled classes outside a running task (build-time instrumentation, tools,
 * tests). Classes found in the task entries are task classes, as they are for a task whose class
 * path these entries are; the other entries stand for what the host JVM itself will have on its
 * class path (a Maven project's {@code provided} dependencies): their classes are looked up for the
 * class hierarchy but are not task classes. Entries that do not exist are ignored, as the JVM
 * ignores them.
 *
 * <p>Jars are opened when first looked into and stay open until {@link #close()}.
 */
public final class FileClassPath implements ClassPathView, AutoCloseable {
    /** The task entries, then the others. */
    private final List<Path> entries;
    private final int taskEntries;
    /** By entry index: its jar once opened, or null (a directory, or not yet opened). Guarded by this. */
    private final ZipFile[] jars;

    /** A task class path: every entry holds task classes. */
    public FileClassPath(List<Path> taskEntries) {
        this(taskEntries, List.of());
    }

    /**
     * @param taskEntries  the task's class path
     * @param hostEntries  classes the host JVM provides: visible, never task classes
     */
    public FileClassPath(List<Path> taskEntries, List<Path> hostEntries) {
        List<Path> all = new ArrayList<>(taskEntries);
        all.addAll(hostEntries);
        this.entries = List.copyOf(all);
        this.taskEntries = taskEntries.size();
        this.jars = new ZipFile[this.entries.size()];
    }

    @Override
    public byte[] classBytes(String internalName) {
        String path = internalName + ".class";
        try {
            for (int i = 0; i < entries.size(); i++) {
                Path entry = entries.get(i);
                if (Files.isDirectory(entry)) {
                    Path file = entry.resolve(path);
                    if (Files.isRegularFile(file)) {
                        return Files.readAllBytes(file);
                    }
                } else if (Files.isRegularFile(entry)) {
                    ZipFile jar = jar(i);
                    ZipEntry e = jar.getEntry(path);
                    if (e != null) {
                        try (InputStream in = jar.getInputStream(e)) {
                            return in.readAllBytes();
                        }
                    }
                }
            }
            try (InputStream in = ClassLoader.getSystemResourceAsStream(path)) {
                return in == null ? null : in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class " + internalName, e);
        }
    }

    @Override
    public java.util.Collection<String> taskClassNames() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (Path entry : entries.subList(0, taskEntries)) {
            names.addAll(dev.ferry.runtime.classfile.ClassPathListing.internalNames(entry));
        }
        return names;
    }

    @Override
    public boolean isTaskClass(String internalName) {
        String path = internalName + ".class";
        for (int i = 0; i < taskEntries; i++) {
            Path entry = entries.get(i);
            if (Files.isDirectory(entry) ? Files.isRegularFile(entry.resolve(path))
                    : Files.isRegularFile(entry) && jar(i).getEntry(path) != null) {
                return true;
            }
        }
        return false;
    }

    private synchronized ZipFile jar(int index) {
        if (jars[index] == null) {
            try {
                jars[index] = new ZipFile(entries.get(index).toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("class path entry " + entries.get(index) + " is not a readable jar", e);
            }
        }
        return jars[index];
    }

    @Override
    public synchronized void close() throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (int i = 0; i < jars.length; i++) {
            if (jars[i] != null) {
                try {
                    jars[i].close();
                } catch (IOException e) {
                    failures.add(e);
                }
                jars[i] = null;
            }
        }
        if (!failures.isEmpty()) {
            IOException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
