package dev.ferry.runtime.engine;

import java.util.Map;

/**
 * What the rewriter recorded about one rewritten class.
 *
 * @param fingerprint SHA-256 (hex) of the original class bytes
 * @param methods     by method key ({@code name + descriptor}), every method the rewriter touched
 */
public record ClassMeta(String fingerprint, Map<String, MethodMeta> methods) {
    public ClassMeta {
        methods = Map.copyOf(methods);
    }

    /** A class's fingerprint: SHA-256 of its original bytes, in hex. */
    public static String fingerprintOf(byte[] classBytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(classBytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
