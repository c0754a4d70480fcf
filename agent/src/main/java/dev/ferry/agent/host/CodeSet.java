package dev.ferry.agent.host;

import dev.ferry.runtime.protocol.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A task's code, by content: each class path entry (a directory or a jar) is named by the SHA-256
 * of its files (sorted names and contents — the same for a directory and a jar of it). A host that
 * receives a task looks its entries up among its own class path and the code it fetched before, and
 * fetches the rest from the source as jars, checking each hash. So the destination of a move needs
 * no copy of the task's code, and never runs code other than the source's.
 *
 * <p>Thread-safe: the caches are concurrent; fetched code is written to a temporary file and moved
 * into place atomically.
 */
final class CodeSet {
    private final List<Path> ownClassPath;
    private final Path cacheDirectory;
    /** Hash of each entry, computed once: a host's class path and its fetched code do not change under it. */
    private final Map<Path, String> hashes = new ConcurrentHashMap<>();
    /** Size of each entry's files, as its hash: walking a directory per move was most of describing it. */
    private final Map<Path, Long> sizes = new ConcurrentHashMap<>();

    CodeSet(List<Path> ownClassPath, Path cacheDirectory) {
        this.ownClassPath = List.copyOf(ownClassPath);
        this.cacheDirectory = cacheDirectory;
    }

    /** The entries of a class path, as a task's code travels. */
    List<Message.CodeEntry> describe(List<Path> classPath) {
        List<Message.CodeEntry> entries = new ArrayList<>();
        for (Path p : classPath) {
            if (Files.exists(p)) {
                entries.add(new Message.CodeEntry(p.getFileName() == null ? p.toString() : p.getFileName().toString(),
                        hash(p), sizes.computeIfAbsent(p, CodeSet::size)));
            }
        }
        return entries;
    }

    /** A local path with this content, or null if this host must fetch it. */
    Path find(String sha256) {
        for (Path p : ownClassPath) {
            if (Files.exists(p) && hash(p).equals(sha256)) {
                return p;
            }
        }
        Path cached = cacheDirectory.resolve(sha256 + ".jar");
        return Files.isRegularFile(cached) && hash(cached).equals(sha256) ? cached : null;
    }

    /** The local entry whose content has this hash (one of {@code classPath}), as a jar's bytes. */
    byte[] jarOf(List<Path> classPath, String sha256) {
        for (Path p : classPath) {
            if (Files.exists(p) && hash(p).equals(sha256)) {
                try {
                    return Files.isDirectory(p) ? jarDirectory(p) : Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + p, e);
                }
            }
        }
        throw new IllegalArgumentException("no class path entry with hash " + sha256);
    }

    /**
     * Stores fetched code, after checking its hash.
     *
     * @throws IllegalArgumentException if the bytes are not the code asked for
     */
    Path store(String sha256, byte[] jar) throws IOException {
        Files.createDirectories(cacheDirectory);
        Path temp = Files.createTempFile(cacheDirectory, "fetch", ".tmp");
        Files.write(temp, jar);
        String actual;
        try {
            actual = hashOfJar(temp);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw new IllegalArgumentException("the code fetched for " + sha256.substring(0, 12) + "… is not a jar: " + e);
        }
        if (!actual.equals(sha256)) {
            Files.deleteIfExists(temp);
            throw new IllegalArgumentException("the code fetched for " + sha256.substring(0, 12) + "… hashes to "
                    + actual.substring(0, 12) + "…: refused");
        }
        Path target = cacheDirectory.resolve(sha256 + ".jar");
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        hashes.put(target, sha256);
        return target;
    }

    private String hash(Path entry) {
        return hashes.computeIfAbsent(entry, p -> {
            try {
                return Files.isDirectory(p) ? hashOfDirectory(p) : hashOfJar(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read class path entry " + p, e);
            }
        });
    }

    private static long size(Path p) {
        try {
            if (!Files.isDirectory(p)) {
                return Files.size(p);
            }
            try (Stream<Path> files = Files.walk(p)) {
                return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TreeMap<String, Path> filesOf(Path dir) throws IOException {
        TreeMap<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(f -> files.put(dir.relativize(f).toString().replace('\\', '/'), f));
        }
        return files;
    }

    static String hashOfDirectory(Path dir) throws IOException {
        MessageDigest digest = sha256();
        for (Map.Entry<String, Path> e : filesOf(dir).entrySet()) {
            add(digest, e.getKey(), Files.readAllBytes(e.getValue()));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String hashOfJar(Path jar) throws IOException {
        MessageDigest digest = sha256();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            TreeMap<String, ZipEntry> entries = new TreeMap<>();
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (!e.isDirectory()) {
                    entries.put(e.getName(), e);
                }
            }
            for (Map.Entry<String, ZipEntry> e : entries.entrySet()) {
                try (InputStream in = zip.getInputStream(e.getValue())) {
                    add(digest, e.getKey(), in.readAllBytes());
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void add(MessageDigest digest, String name, byte[] content) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        digest.update(lengthBytes(n.length));
        digest.update(n);
        digest.update(lengthBytes(content.length));
        digest.update(content);
    }

    private static byte[] jarDirectory(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, Path> e : filesOf(dir).entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(0); // the same directory always makes the same jar
                zip.putNextEntry(entry);
                zip.write(Files.readAllBytes(e.getValue()));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A length as 8 big-endian bytes, so that names and contents cannot run into each other. */
    private static byte[] lengthBytes(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }
}
