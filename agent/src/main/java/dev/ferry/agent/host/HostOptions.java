package dev.ferry.agent.host;

import dev.ferry.runtime.protocol.ClusterSecret;
import dev.ferry.runtime.protocol.Transport;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a host daemon is configured: from {@code ferry host} arguments, or from the agent's option
 * string ({@code -javaagent:ferry-agent.jar=host,name=host-a,join=127.0.0.1:7400,cp=classes}).
 *
 * @param name          the host's name, unique in the cluster
 * @param listen        where peers reach this host (port 0: any free port)
 * @param coordinator   the coordinator to join
 * @param taskClassPath where the classes of tasks launched here come from
 * @param secret        the cluster secret, or {@link ClusterSecret#NONE} with {@code --insecure}
 * @param workDirectory where fetched task code is kept
 * @param transport     plain TCP or TLS, for every connection
 * @param exitWith      a process whose end ends this host ({@code ferry up} passes its own pid), or 0
 */
public record HostOptions(String name, InetSocketAddress listen, InetSocketAddress coordinator, List<Path> taskClassPath,
                          ClusterSecret secret, Path workDirectory, Transport transport, long exitWith) {
    public static final String USAGE = """
            usage: ferry host --name NAME --join HOST:PORT [--port P] [--listen ADDRESS] [--cp TASK_CLASSPATH]
                              [--secret-file FILE | --insecure] [--work DIR]
                              [--tls-keystore FILE [--tls-password-file FILE]] [--exit-with-parent PID]
              --name NAME           this host's name in the cluster (letters, digits, '-', '_', '.')
              --join HOST:PORT      the coordinator's address
              --port P              the port other hosts send tasks to (default: any free port)
              --listen ADDRESS      the address to bind (default: 127.0.0.1)
              --cp TASK_CLASSPATH   where launched tasks' classes come from (default: the current directory)
              --secret-file FILE    the cluster secret (or set $FERRY_SECRET)
              --insecure            run without a secret (loopback only)
              --work DIR            where code fetched from other hosts is kept (default: a temporary directory)
              --tls-keystore FILE   use TLS: the cluster's PKCS#12 key store (identity and trust, shared by all)
              --tls-password-file FILE  its password (or set $FERRY_TLS_PASSWORD)
              --exit-with-parent PID  stop this host when process PID ends (ferry up starts its hosts so)
            """;

    public HostOptions {
        taskClassPath = List.copyOf(taskClassPath);
    }

    /**
     * Parses {@code ferry host} arguments.
     *
     * @throws IllegalArgumentException naming what is wrong and what to do
     */
    public static HostOptions parse(List<String> args) {
        String name = null;
        String join = null;
        String listenHost = "127.0.0.1";
        int port = 0;
        String cp = ".";
        Path secretFile = null;
        boolean insecure = false;
        Path work = null;
        long exitWith = 0;
        Path tlsKeyStore = null;
        Path tlsPassword = null;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--insecure")) {
                insecure = true;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args.get(++i);
            switch (option) {
                case "--name" -> name = value;
                case "--join" -> join = value;
                case "--port" -> port = parsePort(value);
                case "--listen" -> listenHost = value;
                case "--cp" -> cp = value;
                case "--secret-file" -> secretFile = Path.of(value);
                case "--work" -> work = Path.of(value);
                case "--tls-keystore" -> tlsKeyStore = Path.of(value);
                case "--tls-password-file" -> tlsPassword = Path.of(value);
                case "--exit-with-parent" -> exitWith = parsePid(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(name == null ? "--name is required"
                    : "'" + name + "' is not a host name: use letters, digits, '-', '_' or '.' (at most 64)");
        }
        if (join == null) {
            throw new IllegalArgumentException("--join HOST:PORT is required (the coordinator's address)");
        }
        InetSocketAddress listen = new InetSocketAddress(resolve(listenHost), port);
        ClusterSecret secret = ClusterSecret.choose(secretFile, insecure, listen.getAddress());
        List<Path> classPath = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            classPath.add(Path.of(entry).toAbsolutePath());
        }
        Path workDirectory = work != null ? work
                : Path.of(System.getProperty("java.io.tmpdir"), "ferry-host-" + name + "-" + ProcessHandle.current().pid());
        Transport transport = Transport.fromOptions(tlsKeyStore, tlsPassword);
        return new HostOptions(name, listen, address(join), classPath, secret, workDirectory.toAbsolutePath(), transport,
                exitWith);
    }

    /** Parses the agent's option string: comma-separated {@code key=value} (or bare flag) items. */
    public static HostOptions fromAgentOptions(String options) {
        List<String> args = new ArrayList<>();
        for (String item : options.split(",")) {
            if (item.isBlank() || item.equals("host")) {
                continue;
            }
            int eq = item.indexOf('=');
            args.add("--" + (eq < 0 ? item : item.substring(0, eq)));
            if (eq >= 0) {
                args.add(item.substring(eq + 1));
            }
        }
        return parse(args);
    }

    /** {@code HOST:PORT} as an address. */
    public static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + hostPort + "' is not HOST:PORT (e.g. 127.0.0.1:7400)");
        }
        return new InetSocketAddress(resolve(hostPort.substring(0, colon)), parsePort(hostPort.substring(colon + 1)));
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "'");
        }
    }

    private static long parsePid(String value) {
        try {
            long pid = Long.parseLong(value);
            if (pid <= 0) {
                throw new NumberFormatException();
            }
            return pid;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a process id");
        }
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a port (0-65535)");
        }
    }
}
