package dev.ferry.shell;

import dev.ferry.runtime.protocol.ClusterSecret;
import dev.ferry.runtime.protocol.Transport;
import java.io.File;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ferry shell}, {@code ferry up} and {@code ferry coordinator} arguments.
 *
 * @param command       shell, up or coordinator
 * @param listen        the address the coordinator binds (loopback unless a secret is given)
 * @param port          the coordinator's port (0: any free port)
 * @param secret        the cluster secret; null for {@code ferry up} without {@code --insecure}
 *                      (it makes one), {@link ClusterSecret#NONE} for {@code --insecure}
 * @param taskClassPath the task class path (completion, short class names; ferry up's hosts), or empty
 * @param script        commands to run instead of a prompt, or null
 * @param logDirectory  where the coordinator's log (and ferry up's host logs) go
 * @param home          where the history file is kept ({@code $FERRY_HOME}, default {@code ~/.ferry})
 * @param hosts         how many hosts {@code ferry up} starts
 * @param transport     plain TCP, or TLS with {@code --tls-keystore} (ferry shell and coordinator)
 * @param http          the web console's port (0: any free port), or -1 for none
 */
record ShellOptions(String command, InetAddress listen, int port, ClusterSecret secret, List<Path> taskClassPath,
                    Path script, Path logDirectory, Path home, int hosts, Transport transport, int http) {
    static final String USAGE = """
            usage: ferry up [--hosts N] [--cp TASK_CLASSPATH] [--port P] [--insecure] [--script FILE] [--log-dir DIR]
                            [--http PORT | --no-http]
                   ferry shell [--port P] [--listen ADDRESS] [--secret-file FILE | --insecure] [--cp TASK_CLASSPATH]
                               [--script FILE] [--log-dir DIR] [--tls-keystore FILE [--tls-password-file FILE]]
                               [--http PORT]
                   ferry coordinator [--port P] [--listen ADDRESS] [--secret-file FILE | --insecure] [--log-dir DIR]
                                     [--tls-keystore FILE [--tls-password-file FILE]] [--http PORT]
              up                    the coordinator, N local hosts (default 2) and the shell; the hosts stop with it
              shell                 the coordinator and the shell; hosts join it (ferry host --join ...)
              coordinator           the coordinator alone, printing events, until stopped
              --hosts N             how many hosts ferry up starts (host-1..host-N)
              --cp TASK_CLASSPATH   the task class path: ferry up's hosts run tasks from it, and the shell
                                    completes its task classes (default for up: samples/target/classes)
              --port P              the coordinator's port (default: 7400 for shell and coordinator, any free for up)
              --listen ADDRESS      the address to bind (default 127.0.0.1; another one needs a secret)
              --secret-file FILE    the cluster secret (or set $FERRY_SECRET); ferry up makes a random one
              --insecure            no secret (loopback only)
              --script FILE         run the commands in FILE instead of a prompt (a pipe on stdin does the same);
                                    the first that fails stops the script with exit status 1
              --log-dir DIR         the coordinator's log, coordinator.0.log (default $FERRY_HOME/logs,
                                    FERRY_HOME defaulting to ~/.ferry; the history file is $FERRY_HOME/history)
              --tls-keystore FILE   hosts connect with TLS: the cluster's PKCS#12 key store (as ferry host's)
              --tls-password-file FILE  its password (or set $FERRY_TLS_PASSWORD)
              --http PORT           serve the web console on PORT (0: any free port) at the --listen address;
                                    beyond loopback it needs the token printed in its URL. ferry up serves it
                                    on a free port unless --no-http
            """;

    /**
     * Parses the arguments after the program name.
     *
     * @param root the Ferry checkout ({@code ferry up}'s default class path is in it)
     * @throws IllegalArgumentException naming what is wrong
     */
    static ShellOptions parse(List<String> args, Path root) {
        if (args.isEmpty() || !List.of("shell", "up", "coordinator").contains(args.get(0))) {
            throw new IllegalArgumentException(args.isEmpty() ? "which command?" : "unknown command '" + args.get(0) + "'");
        }
        String command = args.get(0);
        boolean up = command.equals("up");
        String listenHost = "127.0.0.1";
        int port = up ? 0 : 7400;
        Path secretFile = null;
        boolean insecure = false;
        String cp = null;
        Path script = null;
        Path logs = null;
        int hosts = 2;
        Path tlsKeyStore = null;
        Path tlsPassword = null;
        int http = up ? 0 : -1;
        for (int i = 1; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--insecure")) {
                insecure = true;
                continue;
            }
            if (option.equals("--no-http")) {
                http = -1;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value"
                        : "unexpected '" + option + "'");
            }
            String value = args.get(++i);
            switch (option) {
                case "--port" -> port = number(option, value, 0, 65535);
                case "--listen" -> listenHost = value;
                case "--secret-file" -> secretFile = Path.of(value);
                case "--cp" -> cp = value;
                case "--script" -> script = Path.of(value);
                case "--log-dir" -> logs = Path.of(value);
                case "--hosts" -> hosts = number(option, value, 1, 32);
                case "--http" -> http = number(option, value, 0, 65535);
                case "--tls-keystore" -> tlsKeyStore = Path.of(value);
                case "--tls-password-file" -> tlsPassword = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
            if (!up && option.equals("--hosts")) {
                throw new IllegalArgumentException("--hosts is for ferry up; ferry " + command + " starts no hosts");
            }
            if (command.equals("coordinator") && (option.equals("--cp") || option.equals("--script"))) {
                throw new IllegalArgumentException(option + " is for the shell; ferry coordinator has no prompt");
            }
            if (up && (option.equals("--listen") || option.equals("--secret-file") || option.startsWith("--tls-"))) {
                throw new IllegalArgumentException(option + " is for ferry shell; ferry up runs on loopback with a"
                        + " secret of its own (or --insecure)");
            }
        }
        InetAddress listen = resolve(listenHost);
        ClusterSecret secret;
        if (up) {
            // ferry up makes its own secret for its own hosts (null here), or runs --insecure; $FERRY_SECRET is not its
            secret = insecure ? ClusterSecret.NONE : null;
        } else {
            secret = ClusterSecret.choose(secretFile, insecure, listen);
        }
        List<Path> classPath = new ArrayList<>();
        if (cp == null && up) {
            classPath.add(root.resolve("samples/target/classes").normalize());
        } else if (cp != null) {
            for (String entry : cp.split(File.pathSeparator)) {
                classPath.add(Path.of(entry).toAbsolutePath().normalize());
            }
        }
        Transport transport = Transport.fromOptions(tlsKeyStore, tlsPassword);
        Path home = ferryHome();
        return new ShellOptions(command, listen, port, secret, classPath, script,
                (logs != null ? logs : home.resolve("logs")).toAbsolutePath(), home, hosts, transport, http);
    }

    /** {@code $FERRY_HOME}, or {@code ~/.ferry}. */
    static Path ferryHome() {
        String env = System.getenv("FERRY_HOME");
        return (env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".ferry"))
                .toAbsolutePath();
    }

    private static int number(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number from " + min + " to " + max + ", not '" + value + "'");
        }
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown address '" + host + "'");
        }
    }
}
