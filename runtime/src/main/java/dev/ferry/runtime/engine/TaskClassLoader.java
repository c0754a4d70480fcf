package dev.ferry.runtime.engine;

import dev.ferry.runtime.classfile.InstrumentationMark;
import dev.ferry.runtime.classfile.StringConstants;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class loader of one task: child-first over the task's class path, rewriting every class it
 * defines, except classes rewritten at build time (they carry an {@link InstrumentationMark}), which
 * it defines as they are. Each task has its own, so its static fields are its own.
 *
 * <p>The JDK and Ferry's own packages always come from the parent; so does anything not on the
 * task's class path.
 *
 * <p>Thread roles: classes are defined on whatever thread loads them (the loader is parallel
 * capable); the bookkeeping maps are concurrent. The statics handed to {@code <clinit>} during a
 * resume are set once, before the task thread starts.
 */
final class TaskClassLoader extends URLClassLoader implements ClassRewriter.ClassPathView {
    static {
        registerAsParallelCapable();
    }

    private static final String[] SHARED_PREFIXES = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "dev.ferry.runtime.", "dev.ferry.agent.", "dev.ferry.shaded."
    };

    private final ClassRewriter rewriter;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, ClassMeta> metas = new ConcurrentHashMap<>();
    private final Map<String, String> fingerprints = new ConcurrentHashMap<>();
    /** Classes whose {@code <clinit>} has started, in that order; guarded by itself. */
    private final List<Class<?>> initialized = new ArrayList<>();
    /** Where captured statics come from when resuming (instead of running {@code <clinit>}); null otherwise. */
    private final Materializer resumed;
    /** Fingerprints a resumed task expects; empty otherwise. */
    private final Map<String, String> expectedFingerprints;
    /** The safepoint flag of this loader's classes; see {@link AttentionSite}. */
    private final AttentionSite attention = new AttentionSite();

    TaskClassLoader(URL[] classPath, ClassLoader parent, ClassRewriter rewriter, PrintStream out, PrintStream err,
                    Materializer resumed) {
        super("ferry-task", classPath, parent);
        this.rewriter = rewriter;
        this.out = out;
        this.err = err;
        this.resumed = resumed;
        this.expectedFingerprints = resumed == null ? Map.of() : Map.copyOf(resumed.fingerprints());
    }

    AttentionSite attention() {
        return attention;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    ClassMeta meta(String className) {
        return metas.get(className);
    }

    Map<String, String> fingerprints() {
        return Map.copyOf(fingerprints);
    }

    /** Called from a task class's {@code <clinit>}: records it, and says whether to install restored statics. */
    boolean classInitializing(Class<?> cls) {
        synchronized (initialized) {
            initialized.add(cls);
        }
        return resumed != null && resumed.hasStatics(cls.getName());
    }

    Object restoredStatic(Class<?> cls, String field) {
        return resumed.staticValue(cls.getName(), field, this);
    }

    List<Class<?>> initializedClasses() {
        synchronized (initialized) {
            return List.copyOf(initialized);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                URL resource = isShared(name) ? null : findResource(name.replace('.', '/') + ".class");
                c = resource != null ? defineTaskClass(name, resource) : getParent().loadClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> defineTaskClass(String name, URL resource) throws ClassNotFoundException {
        byte[] original;
        try (InputStream in = resource.openStream()) {
            original = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException("cannot read " + resource + ": " + e.getMessage(), e);
        }
        InstrumentationMark mark = markOf(name, original);
        if (mark != null && !mark.engineVersion().equals(rewriter.engineVersion())) {
            throw new IncompatibleInstrumentationException(name, mark.engineVersion(), rewriter.engineVersion());
        }
        String fingerprint = mark != null ? mark.meta().fingerprint() : ClassMeta.fingerprintOf(original);
        String expected = expectedFingerprints.get(name);
        if (expected != null && !expected.equals(fingerprint)) {
            throw new FingerprintMismatchException(name, expected, fingerprint);
        }
        // A class rewritten at build time is defined as it is, with the metadata it carries.
        ClassRewriter.RewrittenClass rewritten = mark != null
                ? new ClassRewriter.RewrittenClass(original, mark.meta())
                : rewriter.rewrite(name, original, this);
        fingerprints.put(name, fingerprint);
        metas.put(name, rewritten.meta());
        InternedStrings.literals(stringConstants(name, original));
        byte[] bytes = rewritten.bytes();
        CodeSource source = new CodeSource(codeBase(resource, name), (Certificate[]) null);
        return defineClass(name, bytes, 0, bytes.length, new ProtectionDomain(source, null, this, null));
    }

    /** The class's string literals, which its {@code ldc}s will resolve to interned strings. */
    private static List<String> stringConstants(String name, byte[] classFile) {
        try {
            return StringConstants.of(classFile);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("class " + name + " " + e.getMessage(), e);
        }
    }

    /** The build-time mark of a task class file, or null. */
    private static InstrumentationMark markOf(String name, byte[] classFile) {
        try {
            return InstrumentationMark.read(classFile);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("class " + name + " " + e.getMessage(), e);
        }
    }

    /**
     * A class file's fingerprint as snapshots record it: that of the class as compiled, which a class
     * rewritten at build time carries in its mark. A file that is not a well-formed class file has
     * no mark; its fingerprint is that of its bytes, so a resume against it is refused as a
     * mismatch, before anything tries to load it.
     */
    static String originalFingerprint(byte[] classFile) {
        InstrumentationMark mark;
        try {
            mark = InstrumentationMark.read(classFile);
        } catch (IllegalArgumentException e) {
            mark = null;
        }
        return mark != null ? mark.meta().fingerprint() : ClassMeta.fingerprintOf(classFile);
    }

    private static URL codeBase(URL resource, String name) {
        try {
            String s = resource.toString();
            String suffix = name.replace('.', '/') + ".class";
            return new URL(s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s);
        } catch (java.net.MalformedURLException e) {
            return resource;
        }
    }

    static boolean isShared(String className) {
        for (String prefix : SHARED_PREFIXES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] classBytes(String internalName) {
        String path = internalName + ".class";
        URL url = isShared(internalName.replace('/', '.')) ? null : findResource(path);
        try (InputStream in = url != null ? url.openStream() : getParent().getResourceAsStream(path)) {
            if (in == null) {
                // The bootstrap loader's classes are visible as system resources.
                try (InputStream sys = ClassLoader.getSystemResourceAsStream(path)) {
                    return sys == null ? null : sys.readAllBytes();
                }
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class " + internalName, e);
        }
    }

    /** {@link #taskClassNames()}, listed once: a task's class path does not change under it. */
    private volatile java.util.List<String> taskClassNames;

    @Override
    public java.util.Collection<String> taskClassNames() {
        java.util.List<String> names = taskClassNames;
        if (names == null) {
            java.util.Set<String> found = new java.util.LinkedHashSet<>();
            for (URL url : getURLs()) {
                if (!"file".equals(url.getProtocol())) {
                    return null; // cannot be listed: every virtual call stays a resume point
                }
                {
                    try {
                        for (String name : dev.ferry.runtime.classfile.ClassPathListing.internalNames(
                                java.nio.file.Path.of(url.toURI()))) {
                            if (!isShared(name.replace('/', '.'))) {
                                found.add(name);
                            }
                        }
                    } catch (java.net.URISyntaxException e) {
                        throw new IllegalStateException("task class path entry " + url + " is not a file", e);
                    }
                }
            }
            names = java.util.List.copyOf(found);
            taskClassNames = names;
        }
        return names;
    }

    /** Read at every call: the rewrite cache asks once per loader, and a token must be of the moment. */
    @Override
    public String contentToken() {
        StringBuilder token = new StringBuilder();
        for (URL url : getURLs()) {
            if (!"file".equals(url.getProtocol())) {
                return null;
            }
            String entry;
            try {
                entry = dev.ferry.runtime.classfile.ClassPathListing.contentToken(java.nio.file.Path.of(url.toURI()));
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException("task class path entry " + url + " is not a file", e);
            }
            if (entry == null) {
                return null;
            }
            token.append(entry).append('\n');
        }
        return token.toString();
    }

    @Override
    public boolean isTaskClass(String internalName) {
        String name = internalName.replace('/', '.');
        return !isShared(name) && findResource(internalName + ".class") != null;
    }


    /**
     * Checks that each named class on this loader's class path has its fingerprint in {@code expected}.
     *
     * @throws FingerprintMismatchException for the first that differs or is missing
     */
    void requireFingerprints(Iterable<String> classNames, Map<String, String> expected) {
        for (String name : classNames) {
            URL url = findResource(name.replace('.', '/') + ".class");
            String found;
            if (url == null) {
                found = null;
            } else {
                try (InputStream in = url.openStream()) {
                    found = originalFingerprint(in.readAllBytes()); // a build-time class carries its own
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + url, e);
                }
            }
            if (!expected.get(name).equals(found)) {
                throw new FingerprintMismatchException(name, expected.get(name), found);
            }
        }
    }
}
