package dev.ferry.shell.coordinator;

import dev.ferry.runtime.protocol.ClusterSecret;
import dev.ferry.runtime.protocol.Transport;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a coordinator runs.
 *
 * @param listen       where hosts join (port 0: any free port)
 * @param secret       the cluster secret, or {@link ClusterSecret#NONE} (then only on loopback)
 * @param heartbeat    how often hosts report
 * @param suspectAfter silence after which a host is SUSPECT
 * @param deadAfter    silence after which it is DEAD and its tasks LOST
 * @param logDirectory where the coordinator's levelled log goes (rotated), or null for none
 * @param transport    plain TCP or TLS
 */
public record CoordinatorOptions(InetSocketAddress listen, ClusterSecret secret, Duration heartbeat,
                                 Duration suspectAfter, Duration deadAfter, Path logDirectory, Transport transport) {
    /** Hosts report every second by default, ... */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);
    /** ... are SUSPECT after 3 s of silence ... */
    public static final Duration DEFAULT_SUSPECT_AFTER = Duration.ofSeconds(3);
    /** ... and DEAD after 6 s. */
    public static final Duration DEFAULT_DEAD_AFTER = Duration.ofSeconds(6);

    public CoordinatorOptions {
        if (!secret.isSet() && !listen.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("without a cluster secret the coordinator listens on loopback only; "
                    + listen.getAddress().getHostAddress() + " is not loopback: give a secret (--secret-file FILE or $"
                    + ClusterSecret.ENVIRONMENT_VARIABLE + ")");
        }
        if (suspectAfter.compareTo(heartbeat) <= 0 || deadAfter.compareTo(suspectAfter) <= 0) {
            throw new IllegalArgumentException("need heartbeat < suspectAfter < deadAfter");
        }
    }
}
