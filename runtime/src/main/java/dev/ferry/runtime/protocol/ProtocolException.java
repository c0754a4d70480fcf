package dev.ferry.runtime.protocol;

/** A peer broke the protocol: a malformed, unknown, oversized or unexpected frame, or a failed handshake. */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
