package dev.ferry.runtime.classfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassPathListingTest {
    @TempDir
    Path dir;

    @Test
    void aDirectorysToken_staysWhileNothingChanges_andMovesWithAnyWriteEvenOneThatRestoresSizeAndTime() throws IOException {
        Path a = dir.resolve("p/A.class");
        Files.createDirectories(a.getParent());
        Files.write(a, new byte[] {1, 2, 3});
        String token = ClassPathListing.contentToken(dir);
        assertNotNull(token, "this machine's file system has Unix attributes");
        assertEquals(token, ClassPathListing.contentToken(dir), "nothing changed");

        FileTime written = Files.getLastModifiedTime(a);
        Files.write(a, new byte[] {9, 9, 9}); // same size
        Files.setLastModifiedTime(a, written); // and the time put back, as copying with times kept does
        String rewritten = ClassPathListing.contentToken(dir);
        assertNotEquals(token, rewritten, "its change time moved");

        Files.write(dir.resolve("p/B.class"), new byte[] {4});
        assertNotEquals(rewritten, ClassPathListing.contentToken(dir), "a file was added");
    }

    @Test
    void filesReachedThroughLinks_areDescribedByWhatTheyLinkTo() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path target = outside.resolve("A.class");
        Files.write(target, new byte[] {1, 2, 3});
        Path classes = Files.createDirectories(dir.resolve("classes/p"));
        Files.createSymbolicLink(classes.resolve("A.class"), target);
        Files.createSymbolicLink(dir.resolve("classes/q"), outside); // a linked directory too
        String token = ClassPathListing.contentToken(dir.resolve("classes"));
        Files.write(target, new byte[] {7, 7, 7});
        assertNotEquals(token, ClassPathListing.contentToken(dir.resolve("classes")), "the linked file was rewritten");
    }

    @Test
    void linksThatLoop_giveNoToken() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.createSymbolicLink(classes.resolve("loop"), classes);
        assertNull(ClassPathListing.contentToken(classes));
    }

    @Test
    void aJarsToken_movesWhenTheJarIsReplaced() throws IOException {
        Path jar = dir.resolve("lib.jar");
        writeJar(jar, new byte[] {1});
        String token = ClassPathListing.contentToken(jar);
        assertEquals(token, ClassPathListing.contentToken(jar));
        Path other = dir.resolve("other.jar");
        writeJar(other, new byte[] {2});
        Files.setLastModifiedTime(other, Files.getLastModifiedTime(jar));
        Files.move(other, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertNotEquals(token, ClassPathListing.contentToken(jar), "a jar of the same size and time, moved over it");
    }

    @Test
    void entriesThatDoNotExist_haveATokenOfTheirOwn() {
        assertEquals(ClassPathListing.contentToken(dir.resolve("missing")),
                ClassPathListing.contentToken(dir.resolve("missing")));
        assertNotEquals(ClassPathListing.contentToken(dir.resolve("missing")), ClassPathListing.contentToken(dir));
    }

    private static void writeJar(Path jar, byte[] content) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("p/A.class"));
            j.write(content);
            j.closeEntry();
        }
    }
}
