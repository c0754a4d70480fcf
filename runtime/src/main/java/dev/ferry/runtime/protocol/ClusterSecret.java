package dev.ferry.runtime.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every member of a cluster shares. It never travels: connections prove they know it by
 * signing each other's random nonces with HMAC-SHA256. {@link #NONE} is the insecure mode, allowed
 * on loopback only.
 */
public final class ClusterSecret {
    /** The environment variable a secret may come from. */
    public static final String ENVIRONMENT_VARIABLE = "FERRY_SECRET";

    /** No secret: {@code --insecure}. */
    public static final ClusterSecret NONE = new ClusterSecret(null);

    private final byte[] key;

    private ClusterSecret(byte[] key) {
        this.key = key;
    }

    /** A secret from its text (at least 16 characters: a short secret is a guessable one). */
    public static ClusterSecret of(String secret) {
        String trimmed = secret.strip();
        if (trimmed.length() < 16) {
            throw new IllegalArgumentException("the cluster secret is too short (" + trimmed.length()
                    + " characters); use at least 16, e.g. the output of: head -c 24 /dev/urandom | base64");
        }
        return new ClusterSecret(trimmed.getBytes(StandardCharsets.UTF_8));
    }

    /** A secret from a file's first line. */
    public static ClusterSecret fromFile(Path file) {
        try {
            return of(Files.readString(file).lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the cluster secret file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The secret in {@value #ENVIRONMENT_VARIABLE}, or null if it is not set. */
    public static ClusterSecret fromEnvironment() {
        String value = System.getenv(ENVIRONMENT_VARIABLE);
        return value == null || value.isBlank() ? null : of(value);
    }

    /**
     * The secret a host or coordinator runs with, from its options: {@code --secret-file FILE},
     * else {@value #ENVIRONMENT_VARIABLE}; or {@link #NONE} with {@code --insecure}, which only a
     * loopback {@code listen} address may have.
     *
     * @throws IllegalArgumentException saying what is missing or contradictory, and what to do
     */
    public static ClusterSecret choose(java.nio.file.Path secretFile, boolean insecure, java.net.InetAddress listen) {
        ClusterSecret given = secretFile != null ? fromFile(secretFile) : fromEnvironment();
        if (!insecure) {
            if (given == null) {
                throw new IllegalArgumentException("no cluster secret: give --secret-file FILE or set $"
                        + ENVIRONMENT_VARIABLE + " (the same on every host and the coordinator), or --insecure to run"
                        + " without one on loopback only");
            }
            return given;
        }
        if (given != null) {
            throw new IllegalArgumentException("--insecure and a cluster secret contradict each other: choose one"
                    + (secretFile == null ? " (unset $" + ENVIRONMENT_VARIABLE + ")" : ""));
        }
        if (!listen.isLoopbackAddress()) {
            throw new IllegalArgumentException("--insecure listens on loopback only; " + listen.getHostAddress()
                    + " is not a loopback address: give a cluster secret to listen on it");
        }
        return NONE;
    }

    /** Whether this is a real secret (not {@link #NONE}). */
    public boolean isSet() {
        return key != null;
    }

    /** HMAC-SHA256 of the parts, joined by newlines, in hex; empty for {@link #NONE}. */
    String sign(String... parts) {
        if (key == null) {
            return "";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** Whether {@code proof} is the signature of the parts (in constant time). */
    boolean verify(String proof, String... parts) {
        return proof != null && MessageDigest.isEqual(sign(parts).getBytes(StandardCharsets.US_ASCII),
                proof.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return key == null ? "no secret" : "a cluster secret"; // never the secret itself
    }
}
