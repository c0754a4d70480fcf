package dev.ferry.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.runtime.engine.ClassRewriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Other people's code: whole libraries rewritten and verified, and ASM moved while it works. */
class RealCodeTest {
    /** The jars of ASM, JUnit and opentest4j, as found on this test's class path. */
    private static List<Path> libraryJars() {
        List<Path> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.endsWith(".jar") && (name.startsWith("asm") || name.startsWith("junit-jupiter-api")
                    || name.startsWith("junit-platform-engine") || name.startsWith("opentest4j"))) {
                jars.add(Path.of(entry));
            }
        }
        return jars;
    }

    @Test
    void everyClassOfSeveralLibraries_rewritesAndPassesTheVerifier() throws Exception {
        List<Path> jars = libraryJars();
        assertTrue(jars.size() >= 4, "libraries found: " + jars);
        Map<String, byte[]> classes = new HashMap<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    if (entry.getName().endsWith(".class") && !entry.getName().contains("module-info")
                            && !entry.getName().startsWith("META-INF/")) {
                        try (InputStream in = file.getInputStream(entry)) {
                            classes.put(entry.getName().replaceAll("\\.class$", ""), in.readAllBytes());
                        }
                    }
                }
            }
        }
        ClassRewriter.ClassPathView view = new ClassRewriter.ClassPathView() {
            @Override
            public byte[] classBytes(String internalName) {
                byte[] bytes = classes.get(internalName);
                if (bytes != null) {
                    return bytes;
                }
                try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
                    return in == null ? null : in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean isTaskClass(String internalName) {
                return classes.containsKey(internalName);
            }
        };
        AsmClassRewriter rewriter = new AsmClassRewriter();
        Map<String, byte[]> rewritten = new HashMap<>();
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            rewritten.put(c.getKey().replace('/', '.'), rewriter.rewrite(c.getKey().replace('/', '.'), c.getValue(), view).bytes());
        }
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    byte[] bytes = rewritten.get(name);
                    if (c == null && bytes != null) {
                        c = defineClass(name, bytes, 0, bytes.length);
                    }
                    return c != null ? c : super.loadClass(name, resolve);
                }
            }
        };
        List<String> failures = new ArrayList<>();
        for (String name : rewritten.keySet()) {
            try {
                Class<?> c = Class.forName(name, false, loader);
                c.getDeclaredMethods(); // links enough to define; verification runs below
                java.lang.invoke.MethodHandles.lookup().ensureInitialized(c);
            } catch (VerifyError | ClassFormatError e) {
                failures.add(name + ": " + e);
            } catch (LinkageError | IllegalAccessException | RuntimeException e) {
                // optional dependencies missing, or a static initializer that needs its environment: not ours
            }
        }
        assertEquals(List.of(), failures, "rewritten classes the JVM refused, of " + rewritten.size());
    }

    @Test
    void rhinoRunningJavaScript_capturedAndResumedInFreshLoaders_printsTheSame() throws Exception {
        Path rhinoJar = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .filter(p -> p.getFileName().toString().startsWith("rhino-")).findFirst().orElseThrow();
        List<Path> classPath = List.of(CorpusRun.TEST_CLASSES, rhinoJar);
        long start = System.nanoTime();
        String expected = CorpusRun.straight(classPath, "dev.ferry.corpus.JavaScript", "1500");
        long every = Math.max(1, (System.nanoTime() - start) / 6_000_000);
        CorpusRun.Transcript hopped = CorpusRun.hoppingAtLeast(3, every, 11, (pace, seed) -> CorpusRun.hopping(classPath,
                "dev.ferry.corpus.JavaScript", pace, seed, CorpusRun.FRESH_LOADER, "1500"));
        CorpusRun.assertSameOutput(expected, hopped, 3);
    }

    @Test
    void asmRebuildingClassFiles_capturedAndResumedInFreshLoaders_printsTheSame(@TempDir Path work) throws Exception {
        Path asmJar = libraryJars().stream().filter(p -> p.getFileName().toString().matches("asm-\\d.*\\.jar"))
                .findFirst().orElseThrow();
        Path input = Files.createDirectories(work.resolve("input"));
        try (JarFile file = new JarFile(asmJar.toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().endsWith(".class") && !entry.getName().contains("module-info")) {
                    Path target = input.resolve(entry.getName());
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
        Path treeJar = libraryJars().stream().filter(p -> p.getFileName().toString().startsWith("asm-tree"))
                .findFirst().orElseThrow();
        // Both ASM jars on the task's class path: split between the task's loader and the test's,
        // ClassNode and ClassVisitor would be two unrelated classes.
        List<Path> classPath = List.of(CorpusRun.TEST_CLASSES, asmJar, treeJar);
        long start = System.nanoTime();
        String expected = CorpusRun.straight(classPath, "dev.ferry.corpus.ThirdParty", input.toString());
        long every = Math.max(1, (System.nanoTime() - start) / 6_000_000); // each hop re-rewrites ASM: keep them few
        // The straight run's time is mostly loading and rewriting ASM; if the work itself was too
        // short for three captures at that pace, capture more often.
        CorpusRun.Transcript hopped = CorpusRun.hoppingAtLeast(3, every, 7, (pace, seed) -> CorpusRun.hopping(classPath,
                "dev.ferry.corpus.ThirdParty", pace, seed, CorpusRun.FRESH_LOADER, input.toString()));
        CorpusRun.assertSameOutput(expected, hopped, 3);
    }
}
