package dev.ferry.agent.rewrite;

import dev.ferry.runtime.engine.ClassRewriter.ClassPathView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A class path of directories of class files, with the JDK behind them: what the rewriter sees
 * when it works on compiled classes outside a running task (build-time instrumentation, tools,
 * tests). Classes found in the directories are task classes.
 */
public final class DirectoryClassPath implements ClassPathView {
    private final List<Path> roots;

    public DirectoryClassPath(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    @Override
    public byte[] classBytes(String internalName) {
        try {
            Path file = find(internalName);
            if (file != null) {
                return Files.readAllBytes(file);
            }
            try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
                return in == null ? null : in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class " + internalName, e);
        }
    }

    @Override
    public boolean isTaskClass(String internalName) {
        return find(internalName) != null;
    }

    private Path find(String internalName) {
        for (Path root : roots) {
            Path file = root.resolve(internalName + ".class");
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }
}
