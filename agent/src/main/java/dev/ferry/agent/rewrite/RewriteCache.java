package dev.ferry.agent.rewrite;

import dev.ferry.runtime.engine.ClassMeta;
import dev.ferry.runtime.engine.ClassRewriter.ClassPathView;
import dev.ferry.runtime.engine.ClassRewriter.RewrittenClass;
import java.lang.ref.SoftReference;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Classes rewritten before in this JVM, for task class paths of the same content. Every move
 * resumes a task in a fresh class loader, which would rewrite each class again: for a library of
 * hundreds of classes that is seconds per move (Rhino's: 2–3 s per hop of {@code ferry run
 * --hop-every}, and on a host that has run the task before, the same again in each pre-flight).
 *
 * <p>How a class is rewritten depends on the whole task class path, not on the class alone
 * (which calls are resume points depends on which classes are task classes, and on what their
 * methods do: {@link QuietMethods}), so a rewrite is reused only for a class path of the same
 * content: the same task classes, byte for byte. Views that cannot list their classes are never
 * cached. The JDK and Ferry do not change within a JVM. Entries are soft: memory pressure clears them.
 */
final class RewriteCache {
    private final Map<String, SoftReference<RewrittenClass>> rewritten = new ConcurrentHashMap<>();
    /** Per view: the digest of its task classes' content, or "" when it cannot list them. */
    private final Map<ClassPathView, String> contentKeys = new WeakHashMap<>();
    /**
     * Digests by the views' {@link ClassPathView#contentToken content tokens}: each move's fresh
     * loader would otherwise read and hash every class of the class path again (three quarters of
     * a destination's pre-flight for a small task, all of a big library's jar per move). Guarded
     * by {@link #contentKeys}; the most recent {@value #TOKENS_KEPT} only.
     */
    private final Map<String, String> digestsByToken = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > TOKENS_KEPT;
        }
    };
    private static final int TOKENS_KEPT = 64;

    /**
     * What a rewrite of {@code original} is filed under: its class path's content, its name and its
     * fingerprint; null when the view cannot list its classes (such rewrites are not kept).
     */
    String key(ClassPathView view, String className, byte[] original) {
        String content = contentKey(view);
        return content.isEmpty() ? null : content + '\n' + className + '\n' + ClassMeta.fingerprintOf(original);
    }

    /** The rewrite filed under {@code key} (from {@link #key}), or null. */
    RewrittenClass get(String key) {
        if (key == null) {
            return null;
        }
        SoftReference<RewrittenClass> ref = rewritten.get(key);
        RewrittenClass known = ref == null ? null : ref.get();
        if (known == null && ref != null) {
            rewritten.remove(key, ref);
        }
        return known;
    }

    void put(String key, RewrittenClass result) {
        if (key != null) {
            rewritten.put(key, new SoftReference<>(result));
        }
    }

    private String contentKey(ClassPathView view) {
        synchronized (contentKeys) {
            String key = contentKeys.get(view);
            if (key == null) {
                String token = view.contentToken();
                key = token == null ? null : digestsByToken.get(token);
                if (key == null) {
                    key = digest(view);
                    if (token != null) {
                        digestsByToken.put(token, key);
                    }
                }
                contentKeys.put(view, key);
            }
            return key;
        }
    }

    /** SHA-256 over every task class's name and bytes, in name order; "" if the view cannot list them. */
    private static String digest(ClassPathView view) {
        Collection<String> names = view.taskClassNames();
        if (names == null) {
            return "";
        }
        List<String> sorted = new ArrayList<>(names);
        java.util.Collections.sort(sorted);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (String name : sorted) {
            byte[] bytes = view.classBytes(name);
            if (bytes == null) {
                return ""; // listed but unreadable: do not cache what cannot be told apart
            }
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array()); // where its bytes end
            sha.update(bytes);
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }
}
