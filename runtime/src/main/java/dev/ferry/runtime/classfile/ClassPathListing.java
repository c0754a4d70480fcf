package dev.ferry.runtime.classfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The classes a class path entry — a directory of class files or a jar — holds, by internal name. */
public final class ClassPathListing {
    private ClassPathListing() {
    }

    /**
     * Every class file in {@code entry} as an internal name ({@code a/b/C}), in no particular order;
     * none for an entry that does not exist. Module descriptors and a multi-release jar's versioned
     * copies (under {@code META-INF/}) are not classes of the entry's own.
     *
     * @throws UncheckedIOException if the entry cannot be read
     */
    public static List<String> internalNames(Path entry) {
        List<String> names = new ArrayList<>();
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> files = Files.walk(entry)) {
                    files.filter(Files::isRegularFile).forEach(f -> add(names, entry.relativize(f).toString()
                            .replace(entry.getFileSystem().getSeparator(), "/")));
                }
            } else if (Files.isRegularFile(entry)) {
                try (ZipFile jar = new ZipFile(entry.toFile())) {
                    for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        ZipEntry z = e.nextElement();
                        if (!z.isDirectory()) {
                            add(names, z.getName());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the classes of class path entry " + entry, e);
        }
        return names;
    }

    private static void add(List<String> names, String path) {
        if (path.endsWith(".class") && !path.startsWith("META-INF/") && !path.endsWith("module-info.class")
                && !path.endsWith("package-info.class")) {
            names.add(path.substring(0, path.length() - ".class".length()));
        }
    }
}
