package dev.ferry.runtime.protocol;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * One authenticated, framed TCP connection. A frame is a 4-byte big-endian length and that many
 * bytes of one {@link MessageCodec} message. A frame longer than {@link #MAX_FRAME_BYTES}, or one
 * that does not decode, is a {@link ProtocolException}: the receiver closes the connection and logs
 * the reason, and nothing else happens to it.
 *
 * <p>Every connection starts with the handshake: the accepting side sends a {@link Message.Challenge},
 * the connecting side answers with {@link Message.Authenticate} (its HMAC of both nonces), the
 * accepting side answers {@link Message.Welcome} with its own HMAC — both sides prove they know the
 * cluster secret and the secret never crosses the wire.
 *
 * <p>Thread roles: one thread reads ({@link #receive}); any thread may {@link #send} (sends are
 * serialized on the connection).
 */
public final class Connection implements Closeable {
    /** The protocol version; both sides must speak the same. */
    public static final int PROTOCOL_VERSION = 1;
    /** The largest frame accepted (a snapshot travels in chunks far below this). */
    public static final int MAX_FRAME_BYTES = 16 << 20;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String peerRole;
    private final String peerName;

    private Connection(Socket socket, String peerRole, String peerName) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
        this.peerRole = peerRole;
        this.peerName = peerName;
    }

    /**
     * Connects to {@code address} and authenticates as {@code role}/{@code name}.
     *
     * @throws ProtocolException if the other side refuses us or cannot prove it knows the secret
     */
    public static Connection connect(InetSocketAddress address, ClusterSecret secret, String role, String name,
                                     Duration timeout) throws IOException {
        return connect(Transport.PLAIN, address, secret, role, name, timeout);
    }

    /** {@link #connect(InetSocketAddress, ClusterSecret, String, String, Duration)} over {@code transport}. */
    public static Connection connect(Transport transport, InetSocketAddress address, ClusterSecret secret, String role,
                                     String name, Duration timeout) throws IOException {
        Socket socket = transport.connect(address, timeout);
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
            Connection c = new Connection(socket, "server", address.toString());
            Message first = c.receive();
            if (first instanceof Message.Refused refused) {
                throw new ProtocolException(address + " refused the connection: " + refused.reason());
            }
            if (!(first instanceof Message.Challenge challenge)) {
                throw new ProtocolException(address + " did not start with a challenge but " + first.getClass().getSimpleName());
            }
            if (challenge.protocolVersion() != PROTOCOL_VERSION) {
                throw new ProtocolException(address + " speaks protocol version " + challenge.protocolVersion()
                        + ", this Ferry speaks " + PROTOCOL_VERSION + ": run the same Ferry version everywhere");
            }
            if (challenge.secured() != secret.isSet()) {
                throw new ProtocolException(challenge.secured()
                        ? address + " requires the cluster secret, and none was given (--secret-file FILE or $"
                                + ClusterSecret.ENVIRONMENT_VARIABLE + ")"
                        : address + " runs without a secret (--insecure) but this side has one; give both the same secret");
            }
            String nonce = nonce();
            c.send(new Message.Authenticate(PROTOCOL_VERSION, role, name, nonce,
                    secret.sign("client", challenge.nonce(), nonce, role, name)));
            Message answer = c.receive();
            if (answer instanceof Message.Refused refused) {
                throw new ProtocolException(address + " refused the connection: " + refused.reason());
            }
            if (!(answer instanceof Message.Welcome welcome)
                    || !secret.verify(welcome.proof(), "server", nonce, challenge.nonce())) {
                throw new ProtocolException(address + " could not prove it knows the cluster secret");
            }
            socket.setSoTimeout(0);
            return c;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Authenticates a connection a server socket accepted.
     *
     * @throws ProtocolException (after telling the other side why) if it fails the handshake
     */
    public static Connection accept(Socket socket, ClusterSecret secret) throws IOException {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
            Connection unauthenticated = new Connection(socket, "?", socket.getRemoteSocketAddress().toString());
            String nonce = nonce();
            unauthenticated.send(new Message.Challenge(PROTOCOL_VERSION, nonce, secret.isSet()));
            Message first = unauthenticated.receive();
            if (!(first instanceof Message.Authenticate auth)) {
                throw refuse(unauthenticated, "expected Authenticate, got " + first.getClass().getSimpleName());
            }
            if (auth.protocolVersion() != PROTOCOL_VERSION) {
                throw refuse(unauthenticated, "protocol version " + auth.protocolVersion() + " is not " + PROTOCOL_VERSION);
            }
            if (!secret.verify(auth.proof(), "client", nonce, auth.nonce(), auth.role(), auth.name())) {
                throw refuse(unauthenticated, "wrong cluster secret");
            }
            Connection c = new Connection(socket, auth.role(), auth.name());
            c.send(new Message.Welcome(secret.sign("server", auth.nonce(), nonce)));
            socket.setSoTimeout(0);
            return c;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static ProtocolException refuse(Connection c, String reason) {
        try {
            c.send(new Message.Refused(reason));
        } catch (IOException e) {
            reason += " (and the refusal could not be sent: " + e.getMessage() + ")";
        }
        return new ProtocolException(c.peerName + ": " + reason);
    }

    private static String nonce() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The name the peer authenticated as. */
    public String peerName() {
        return peerName;
    }

    /** Sends one message (serialized with other senders). */
    public void send(Message message) throws IOException {
        MessageCodec.Encoded encoded = MessageCodec.encodeParts(message);
        if (encoded.length > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("a " + message.getClass().getSimpleName() + " of " + encoded.length
                    + " bytes is over the frame limit " + MAX_FRAME_BYTES);
        }
        synchronized (out) {
            out.writeInt((int) encoded.length);
            encoded.writeTo(out);
            out.flush();
        }
    }

    /**
     * Receives the next message, blocking.
     *
     * @throws EOFException at the end of the stream
     * @throws SocketTimeoutException if a read timeout is set and passes
     * @throws ProtocolException on an oversized or malformed frame
     */
    public Message receive() throws IOException {
        return receive(n -> null);
    }

    /**
     * Receives the next message; a byte buffer in it is read straight into {@code placeFor.apply(n)}
     * (n: its size) when that offers enough room — how a snapshot's chunks land in the snapshot.
     */
    public Message receive(java.util.function.IntFunction<java.nio.ByteBuffer> placeFor) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME_BYTES) {
            throw new ProtocolException("frame of " + length + " bytes from " + peerName + " (the limit is "
                    + MAX_FRAME_BYTES + ")");
        }
        return MessageCodec.read(in, length, placeFor);
    }

    /** Fails {@link #receive} with a timeout after this long without a frame (zero: never). */
    public void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    /** The remote address. */
    public String remoteAddress() {
        return String.valueOf(socket.getRemoteSocketAddress());
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is the last thing done with a socket; a failure to close it has no one to tell.
            System.getLogger(Connection.class.getName()).log(System.Logger.Level.DEBUG, "close failed", e);
        }
    }

    @Override
    public String toString() {
        return peerRole + " " + peerName + " (" + remoteAddress() + ")";
    }
}
