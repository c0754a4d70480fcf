package dev.ferry.runtime.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * How connections are carried: plain TCP, or TLS (optional) with one PKCS#12 key store that every
 * member of the cluster shares as both its identity and the only certificate it trusts — mutual
 * TLS, so a stranger cannot even reach the handshake that checks the cluster secret.
 */
public final class Transport {
    /** Plain TCP (the cluster secret still authenticates every connection). */
    public static final Transport PLAIN = new Transport(null);

    /** The environment variable the key store's password may come from. */
    public static final String PASSWORD_VARIABLE = "FERRY_TLS_PASSWORD";

    private final SSLContext tls;

    private Transport(SSLContext tls) {
        this.tls = tls;
    }

    /**
     * TLS with the key store at {@code keyStore} (PKCS#12), as identity and trust.
     *
     * @throws IllegalArgumentException saying what is wrong with the key store or password
     */
    public static Transport tls(Path keyStore, char[] password) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return new Transport(context);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the TLS key store " + keyStore + ": " + e.getMessage()
                    + " (a PKCS#12 file; is the password right?)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the TLS key store " + keyStore + " is not usable: " + e.getMessage(), e);
        }
    }

    /** TLS from a key store and a password file (first line) or, without one, {@value #PASSWORD_VARIABLE}. */
    public static Transport tls(Path keyStore, Path passwordFile) {
        String password;
        if (passwordFile != null) {
            try {
                password = Files.readString(passwordFile).lines().findFirst().orElse("");
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the TLS password file " + passwordFile + ": " + e.getMessage(), e);
            }
        } else {
            password = System.getenv(PASSWORD_VARIABLE);
            if (password == null) {
                throw new IllegalArgumentException("the TLS key store needs a password: --tls-password-file FILE or $"
                        + PASSWORD_VARIABLE);
            }
        }
        return tls(keyStore, password.toCharArray());
    }

    /**
     * The transport a host or coordinator runs with, from {@code --tls-keystore} (null: plain TCP)
     * and {@code --tls-password-file} (null: {@value #PASSWORD_VARIABLE}).
     */
    public static Transport fromOptions(Path keyStore, Path passwordFile) {
        if (keyStore == null && passwordFile != null) {
            throw new IllegalArgumentException("--tls-password-file needs --tls-keystore");
        }
        return keyStore == null ? PLAIN : tls(keyStore, passwordFile);
    }

    /** A connected socket (its TLS handshake, if any, happens on first use). */
    Socket connect(InetSocketAddress address, Duration timeout) throws IOException {
        if (tls == null) {
            Socket socket = new Socket();
            try {
                socket.connect(address, (int) timeout.toMillis());
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            return socket;
        }
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
        try {
            socket.connect(address, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.startHandshake();
        } catch (IOException e) {
            socket.close();
            throw new IOException("TLS with " + address + " failed: " + e.getMessage()
                    + " (do both sides use the same key store and --tls?)", e);
        }
        return socket;
    }

    /** A server socket bound to {@code address}; TLS server sockets require the client's certificate. */
    public ServerSocket bind(InetSocketAddress address, int backlog) throws IOException {
        ServerSocket server;
        if (tls == null) {
            server = new ServerSocket();
        } else {
            SSLServerSocket s = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
            s.setNeedClientAuth(true);
            server = s;
        }
        server.setReuseAddress(true);
        server.bind(address, backlog);
        return server;
    }

    @Override
    public String toString() {
        return tls == null ? "plain TCP" : "TLS";
    }
}
