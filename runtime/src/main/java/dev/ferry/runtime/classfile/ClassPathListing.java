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
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try {
            if (Files.isDirectory(entry)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(entry)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                update(sha, "dir " + entry.toAbsolutePath());
                for (Path f : files) {
                    update(sha, entry.relativize(f) + " " + fileAttributes(f));
                }
            } else if (Files.isRegularFile(entry)) {
                update(sha, "jar " + entry.toAbsolutePath() + " " + fileAttributes(entry));
            } else {
                update(sha, "none " + entry.toAbsolutePath());
            }
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null; // no "unix" attribute view here
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class path entry " + entry, e);
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    private static String fileAttributes(Path file) throws IOException {
        java.util.Map<String, Object> a = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime");
        return a.get("dev") + ":" + a.get("ino") + " " + a.get("size") + " " + a.get("lastModifiedTime") + " "
                + a.get("ctime");
    }

    private static void update(java.security.MessageDigest sha, String line) {
        sha.update((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void add(List<String> names, String path) {
        if (path.endsWith(".class") && !path.startsWith("META-INF/") && !path.endsWith("module-info.class")
                && !path.endsWith("package-info.class")) {
            names.add(path.substring(0, path.length() - ".class".length()));
        }
    }
}
