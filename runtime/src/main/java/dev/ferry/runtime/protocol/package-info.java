/**
 * The cluster protocol: the messages hosts and the coordinator exchange ({@link dev.ferry.runtime.protocol.Message}),
 * their Chronicle Wire encoding ({@link dev.ferry.runtime.protocol.MessageCodec}), length-prefixed
 * framing over TCP and the challenge-response handshake that authenticates every connection
 * ({@link dev.ferry.runtime.protocol.Connection}). docs/protocol.md describes every message, state and
 * failure. Nothing here knows about tasks beyond ids and bytes: hosts and the coordinator give the
 * messages their meaning.
 */
package dev.ferry.runtime.protocol;
