package dev.ferry.maven;

import dev.ferry.agent.rewrite.AsmClassRewriter;
import dev.ferry.agent.rewrite.FileClassPath;
import dev.ferry.runtime.classfile.InstrumentationMark;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Rewrites the class files of one directory in place, with the agent's rewriter, and marks each
 * with the engine version and the original's fingerprint.
 *
 * <h2>Incremental</h2>
 * A class file that already carries a mark of this engine version is what an earlier run wrote and
 * the compiler has not replaced since: it is skipped. The compiler overwrites the class files it
 * recompiles with unmarked ones, which are rewritten. A mark of another engine version cannot be
 * redone (the class as compiled is gone) and fails the run, asking for a clean build.
 *
 * <p>How a class is rewritten depends on its own bytes and on which classes are task classes (the
 * class path given here: the classes, then the project's libraries, as a task's class path would
 * list them) and their super types (read from those, the host class path and the JDK). Maven's compiler recompiles the whole module when any source
 * changed, so a class skipped as up to date was rewritten against the same classes as the others.
 *
 * <h2>Errors</h2>
 * A class the rewriter cannot rewrite is a {@link Failure} with the class and the reason; with
 * {@code failOnError} the caller fails the build, else the class is left as compiled. A method too
 * large or too odd to rewrite is not an error: the rewriter leaves that method alone and records
 * why, so a capture through it waits (docs/limits.md).
 */
final class Instrumenter {
    /** A class that could not be rewritten, and why. */
    record Failure(String className, String reason) {
    }

    /**
     * What a run did.
     *
     * @param rewritten classes rewritten now
     * @param upToDate  classes skipped because an earlier run rewrote them and they are unchanged since
     * @param excluded  classes left as compiled because the patterns did not select them
     * @param failures  classes that could not be rewritten (left as compiled)
     */
    record Report(int rewritten, int upToDate, int excluded, List<Failure> failures) {
        Report {
            failures = List.copyOf(failures);
        }

        String summary() {
            String s = "rewrote " + rewritten + plural(rewritten, " class", " classes") + ", skipped " + upToDate
                    + " already instrumented";
            if (excluded > 0) {
                s += ", " + excluded + " excluded";
            }
            if (!failures.isEmpty()) {
                s += ", " + failures.size() + " could not be rewritten";
            }
            return s;
        }

        private static String plural(int n, String one, String many) {
            return n == 1 ? one : many;
        }
    }

    /** An earlier run's mark of another engine version: the class must be compiled again. */
    static final class StaleClassException extends Exception {
        private static final long serialVersionUID = 1L;

        StaleClassException(String className, String markedVersion) {
            super("class " + className + " was instrumented for Ferry engine version " + markedVersion + " by an earlier"
                    + " build, and this plugin writes engine version " + AsmClassRewriter.ENGINE_VERSION + "; the class as"
                    + " compiled is gone, so it cannot be instrumented again: run a clean build (mvn clean verify)");
        }
    }

    private final AsmClassRewriter rewriter = new AsmClassRewriter();
    private final Path classes;
    private final List<Path> classPath;
    private final List<Path> hostClassPath;
    private final ClassNamePatterns patterns;

    /**
     * @param classes       the directory of class files to rewrite in place
     * @param classPath     the task's class path around them: {@code classes} first, then the libraries
     *                      (directories or jars); {@code classes} is added in front if it is missing
     * @param hostClassPath what the host JVM will provide (a project's {@code provided} dependencies):
     *                      read for the class hierarchy, not task code; entries also in {@code classPath}
     *                      count as task code
     */
    Instrumenter(Path classes, List<Path> classPath, List<Path> hostClassPath, ClassNamePatterns patterns) {
        this.classes = Objects.requireNonNull(classes, "classes");
        List<Path> cp = new ArrayList<>(classPath);
        if (cp.stream().noneMatch(p -> same(p, classes))) {
            cp.add(0, classes);
        }
        this.classPath = List.copyOf(cp);
        this.hostClassPath = hostClassPath.stream().filter(h -> cp.stream().noneMatch(p -> same(p, h))).toList();
        this.patterns = Objects.requireNonNull(patterns, "patterns");
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /**
     * Rewrites every selected class that is not yet instrumented. Classes that cannot be rewritten
     * are reported and left as they are; the others are rewritten all the same.
     *
     * @throws StaleClassException if a class carries a mark of another engine version
     */
    Report run() throws IOException, StaleClassException {
        if (!Files.isDirectory(classes)) {
            return new Report(0, 0, 0, List.of()); // nothing compiled (a pom-only module, or no sources)
        }
        int rewritten = 0;
        int upToDate = 0;
        int excluded = 0;
        List<Failure> failures = new ArrayList<>();
        try (FileClassPath view = new FileClassPath(classPath, hostClassPath)) {
            for (Path file : classFiles()) {
                String name = className(file);
                if (!patterns.selects(name)) {
                    excluded++;
                    continue;
                }
                byte[] bytes = Files.readAllBytes(file);
                InstrumentationMark mark;
                try {
                    String marked = InstrumentationMark.markedEngineVersion(bytes);
                    if (marked != null && !marked.equals(AsmClassRewriter.ENGINE_VERSION)) {
                        throw new StaleClassException(name, marked); // before reading the rest, whose layout may differ
                    }
                    mark = InstrumentationMark.read(bytes);
                } catch (IllegalArgumentException e) {
                    failures.add(new Failure(name, e.getMessage()));
                    continue;
                }
                if (mark != null) {
                    if (!mark.engineVersion().equals(AsmClassRewriter.ENGINE_VERSION)) {
                        throw new StaleClassException(name, mark.engineVersion());
                    }
                    upToDate++;
                    continue;
                }
                byte[] instrumented;
                try {
                    instrumented = rewriter.instrument(name, bytes, view).bytes();
                } catch (java.io.UncheckedIOException e) {
                    throw e; // a library on the class path cannot be read: not this class's fault
                } catch (RuntimeException e) { // the rewriter's IllegalArgumentException, or a defect in it: either way this class
                    failures.add(new Failure(name, reason(name, e)));
                    continue;
                }
                replace(file, instrumented);
                rewritten++;
            }
        }
        return new Report(rewritten, upToDate, excluded, failures);
    }

    /** Every class file under the directory, in a stable order; not module descriptors nor META-INF. */
    private List<Path> classFiles() throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".class") && Files.isRegularFile(f))
                    .filter(f -> !f.getFileName().toString().equals("module-info.class"))
                    .filter(f -> !classes.relativize(f).startsWith("META-INF"))
                    .sorted().toList();
        }
    }

    private String className(Path file) {
        String relative = classes.relativize(file).toString();
        return relative.substring(0, relative.length() - ".class".length()).replace(File.separatorChar, '.');
    }

    /** The rewriter's message without a repeated "class X" prefix; unexpected exceptions keep their type. */
    private static String reason(String name, RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        String prefix = "class " + name + " ";
        if (message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        return e instanceof IllegalArgumentException ? message : e + " (a defect in Ferry's rewriter: please report it)";
    }

    /** Writes next to the file and moves over it, so an interrupted build never leaves half a class. */
    private static void replace(Path file, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".ferry");
        try {
            Files.write(temp, bytes);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
