package dev.ferry.runtime.classfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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

    /**
     * A token of what the file system says about {@code entry}'s files: for a jar, the jar's
     * device, inode, size, modification and change times; for a directory, the same for each of
     * its files, with their names. A change to any file's content moves its change time, which no
     * program can set (copying a file with its times kept, {@code touch -d}, unpacking an archive
     * all leave it at the moment of the write), so equal tokens mean equal content. SHA-256 of the
     * description, in hex; null where the file system has no Unix attributes (then there is no
     * cheaper way to know the content than to read it).
     *
     * @throws UncheckedIOException if the entry cannot be read
     */
    public static String contentToken(Path entry) {
        StringBuilder description = new StringBuilder(4096);
        try {
            Path absolute = entry.toAbsolutePath();
            if (Files.isDirectory(absolute)) {
                description.append("dir ").append(absolute).append('\n');
                describeFiles(absolute, description);
            } else if (Files.isRegularFile(absolute)) {
                description.append("jar ").append(absolute).append(' ');
                describe(absolute, Files.readAttributes(absolute, BasicFileAttributes.class), description);
            } else {
                description.append("none ").append(absolute);
            }
        } catch (UnsupportedOperationException | IllegalArgumentException | FileSystemLoopException e) {
            return null; // no "unix" attribute view here, or links that loop: no token, the classes are read
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class path entry " + entry, e);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(description.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * One line per file under {@code dir}, in name order; the walk hands over each file's attributes.
     * Links are followed, so that what is described is what a class loader reads through them.
     */
    private static void describeFiles(Path dir, StringBuilder description) throws IOException {
        TreeMap<String, String> lines = new TreeMap<>();
        int prefix = dir.toString().length() + 1;
        Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    StringBuilder line = new StringBuilder(96);
                    describe(file, attributes, line);
                    lines.put(file.toString().substring(prefix), line.toString());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        lines.forEach((name, line) -> description.append(name).append(' ').append(line).append('\n'));
    }

    /** Identity (device and inode), size, modification time, and the change time, which needs one more look. */
    private static void describe(Path file, BasicFileAttributes attributes, StringBuilder out) throws IOException {
        out.append(attributes.fileKey()).append(' ').append(attributes.size()).append(' ')
                .append(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)).append(' ')
                .append(((FileTime) Files.getAttribute(file, "unix:ctime")).to(TimeUnit.NANOSECONDS));
    }

    private static void add(List<String> names, String path) {
        if (path.endsWith(".class") && !path.startsWith("META-INF/") && !path.endsWith("module-info.class")
                && !path.endsWith("package-info.class")) {
            names.add(path.substring(0, path.length() - ".class".length()));
        }
    }
}
