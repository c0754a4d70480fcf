package dev.ferry.shell;

import dev.ferry.runtime.protocol.ClusterSecret;
import dev.ferry.shell.console.InteractiveConsole;
import dev.ferry.shell.console.ScriptConsole;
import dev.ferry.shell.console.TaskClasses;
import dev.ferry.shell.coordinator.ClusterEvent;
import dev.ferry.shell.coordinator.ClusterException;
import dev.ferry.shell.coordinator.ClusterListener;
import dev.ferry.shell.coordinator.Coordinator;
import dev.ferry.shell.coordinator.CoordinatorOptions;
import dev.ferry.shell.up.LocalHosts;
import dev.ferry.shell.web.WebConsole;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code ferry up}, {@code ferry shell} and {@code ferry coordinator}: the entry point of
 * {@code ferry-shell.jar}. Exit status: 0, 1 when a scripted command failed (or the cluster could
 * not be started), 2 for a usage error.
 *
 * <p>{@code ferry up} secures its cluster with a random secret of its own: the hosts it starts
 * get it in {@code $FERRY_SECRET}, and it is written (mode 600) to
 * {@code $FERRY_HOME/up-PORT.secret} for hosts started by hand, and deleted on exit.
 */
public final class FerryShell {
    private static final Duration HOSTS_JOIN_TIMEOUT = Duration.ofSeconds(60);

    private FerryShell() {
    }

    public static void main(String[] args) {
        quietChronicle();
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        ShellOptions options;
        try {
            options = ShellOptions.parse(args, root());
        } catch (IllegalArgumentException e) {
            err.print("ferry: " + e.getMessage() + "\n" + ShellOptions.USAGE);
            return 2;
        }
        try {
            return switch (options.command()) {
                case "up" -> up(options, out, err);
                case "coordinator" -> coordinator(options, out);
                default -> shell(options, out, err);
            };
        } catch (ClusterException | IllegalArgumentException e) {
            err.println("ferry " + options.command() + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("ferry " + options.command() + ": " + e.getMessage()
                    + (e instanceof java.net.BindException ? " (is the port in use? try another --port)" : ""));
            return 1;
        }
    }

    private static int shell(ShellOptions options, PrintStream out, PrintStream err) throws IOException {
        try (Coordinator coordinator = Coordinator.start(coordinatorOptions(options, options.secret()));
             WebConsole web = web(options, coordinator, err)) {
            String banner = "ferry shell: the coordinator listens on " + coordinator.address() + " ("
                    + (options.secret().isSet() ? "secured with the cluster secret" : "insecure, loopback only")
                    + "); hosts join with: ferry host --name NAME --join " + coordinator.address() + "\n"
                    + "log: " + options.logDirectory().resolve("coordinator.0.log") + "\n"
                    + (web == null ? "" : "web console: " + web.url() + "\n")
                    + "help lists the commands; Tab completes them.";
            return console(options, coordinator, banner, out, err);
        }
    }

    private static int up(ShellOptions options, PrintStream out, PrintStream err) throws IOException {
        String secretText = options.secret() == null ? randomSecret() : null;
        ClusterSecret secret = secretText == null ? ClusterSecret.NONE : ClusterSecret.of(secretText);
        Path agentJar = agentJar();
        Coordinator coordinator = Coordinator.start(coordinatorOptions(options, secret));
        Path secretFile = null;
        LocalHosts hosts = null;
        Runnable stop = null;
        Thread hook = null;
        WebConsole web = null;
        try {
            web = web(options, coordinator, err);
            secretFile = secretText == null ? null : writeSecret(options.home(), coordinator.port(), secretText);
            hosts = LocalHosts.start(options.hosts(), agentJar, options.taskClassPath(), coordinator.address(),
                    secretText, options.logDirectory());
            stop = stopper(coordinator, hosts, secretFile);
            hook = new Thread(stop, "ferry-up-stop");
            Runtime.getRuntime().addShutdownHook(hook); // SIGTERM, SIGHUP (SIGKILL: the hosts watch the shell's pid)
            (options.script() == null && stdinIsTerminal() ? out : err).println("ferry up: starting "
                    + options.hosts() + (options.hosts() == 1 ? " host " : " hosts ") + hosts.pids().entrySet().stream()
                    .map(e -> e.getKey() + " (pid " + e.getValue() + ")").collect(Collectors.joining(", ")) + "...");
            hosts.awaitJoined(coordinator, HOSTS_JOIN_TIMEOUT);
            String cp = options.taskClassPath().stream().map(Path::toString)
                    .collect(Collectors.joining(java.io.File.pathSeparator));
            String banner = "ferry up: " + options.hosts() + " hosts joined the coordinator on " + coordinator.address()
                    + "; task class path " + cp + "\n"
                    + "try: launch Counter 1000, then migrate 1 host-2, and logs -f 1 (Ctrl-C stops following)\n"
                    + "more hosts: ./ferry host --name host-" + (options.hosts() + 1) + " --join " + coordinator.address()
                    + " --cp " + cp + (secretFile == null ? " --insecure" : " --secret-file " + secretFile) + "\n"
                    + (web == null ? "" : "web console: " + web.url() + "\n")
                    + "logs: " + options.logDirectory() + "; exit (or Ctrl-D) stops the hosts. help lists the commands.";
            return console(options, coordinator, banner, out, err);
        } finally {
            if (web != null) {
                web.close();
            }
            if (stop == null) {
                stopper(coordinator, hosts, secretFile).run();
            } else {
                stop.run();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down already: the hook runs too, and finds everything stopped
                }
            }
        }
    }

    /**
     * Stops what {@code ferry up} started: the coordinator first (so that the hosts leaving are not
     * reported as SUSPECT), then the hosts; the secret file goes last. Safe to run twice.
     */
    private static Runnable stopper(Coordinator coordinator, LocalHosts hosts, Path secretFile) {
        return () -> {
            coordinator.close();
            if (hosts != null) {
                hosts.close();
            }
            if (secretFile != null) {
                try {
                    Files.deleteIfExists(secretFile);
                } catch (IOException e) {
                    System.err.println("ferry up: cannot delete " + secretFile + ": " + e.getMessage());
                }
            }
        };
    }

    /** A prompt on a terminal; otherwise the script, or the commands piped in. */
    private static int console(ShellOptions options, Coordinator coordinator, String banner, PrintStream out,
                               PrintStream err) throws IOException {
        TaskClasses classes = options.taskClassPath().isEmpty() ? TaskClasses.none() : TaskClasses.scan(options.taskClassPath());
        if (options.script() != null) {
            try (Reader script = Files.newBufferedReader(options.script())) {
                return ScriptConsole.run(coordinator, classes, script, options.script().toString(), out, err);
            }
        }
        if (!stdinIsTerminal()) {
            Reader stdin = new InputStreamReader(System.in, StandardCharsets.UTF_8);
            return ScriptConsole.run(coordinator, classes, stdin, "stdin", out, err);
        }
        InteractiveConsole.run(coordinator, classes, banner, options.home().resolve("history"));
        return 0;
    }

    /**
     * The web console, if asked for; its address is printed at once on {@code err} when there is no
     * banner to carry it (a script, a pipe).
     */
    private static WebConsole web(ShellOptions options, Coordinator coordinator, PrintStream err) throws IOException {
        if (options.http() < 0) {
            return null;
        }
        WebConsole web = WebConsole.start(coordinator, new InetSocketAddress(options.listen(), options.http()), null);
        if (options.script() != null || !stdinIsTerminal()) {
            err.println("ferry " + options.command() + ": web console: " + web.url());
        }
        return web;
    }

    /** {@code ferry coordinator}: no prompt; events on stdout until the process is stopped. */
    private static int coordinator(ShellOptions options, PrintStream out) throws IOException {
        Coordinator coordinator = Coordinator.start(coordinatorOptions(options, options.secret()));
        Runtime.getRuntime().addShutdownHook(new Thread(coordinator::close, "ferry-coordinator-stop"));
        WebConsole web = options.http() < 0 ? null
                : WebConsole.start(coordinator, new InetSocketAddress(options.listen(), options.http()), null);
        out.println("ferry coordinator: listening on " + coordinator.address() + "; log: "
                + options.logDirectory().resolve("coordinator.0.log")
                + (web == null ? "" : "; web console: " + web.url()));
        coordinator.addListener(new ClusterListener() {
            @Override
            public void event(ClusterEvent e) {
                out.println(e.time() + " " + e.level() + " " + e.text());
            }
        });
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static CoordinatorOptions coordinatorOptions(ShellOptions options, ClusterSecret secret) {
        return new CoordinatorOptions(new InetSocketAddress(options.listen(), options.port()), secret,
                CoordinatorOptions.DEFAULT_HEARTBEAT, CoordinatorOptions.DEFAULT_SUSPECT_AFTER,
                CoordinatorOptions.DEFAULT_DEAD_AFTER, options.logDirectory(), options.transport());
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Path writeSecret(Path home, int port, String secret) throws IOException {
        Files.createDirectories(home);
        Path file = home.resolve("up-" + port + ".secret");
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system
        }
        Files.writeString(file, secret + "\n");
        return file;
    }

    /**
     * Whether standard input is a terminal (not a pipe or a file). {@code System.console()} cannot
     * say on every JDK (from 22 it answers for redirected streams too), so ask {@code test -t 0}.
     */
    private static boolean stdinIsTerminal() {
        if (stdinTerminal == null) {
            stdinTerminal = testStdin();
        }
        return stdinTerminal;
    }

    private static Boolean stdinTerminal;

    private static boolean testStdin() {
        try {
            Process test = new ProcessBuilder("test", "-t", "0").redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return test.waitFor() == 0;
        } catch (IOException e) {
            return System.console() != null; // no test(1): the JDK's own guess
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The Ferry checkout: {@code -Dferry.root} (the launcher sets it), else where this jar sits in it. */
    static Path root() {
        String property = System.getProperty("ferry.root");
        if (property != null) {
            return Path.of(property).toAbsolutePath();
        }
        try {
            Path jar = Path.of(FerryShell.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // shell/target/ferry-shell.jar (or shell/target/classes) -> the checkout
            Path root = jar.getParent() == null ? null : jar.getParent().getParent();
            return root != null && root.getParent() != null ? root.getParent() : Path.of("").toAbsolutePath();
        } catch (URISyntaxException | SecurityException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    private static Path agentJar() {
        String property = System.getProperty("ferry.agent.jar");
        return property != null ? Path.of(property).toAbsolutePath() : root().resolve("agent/target/ferry-agent.jar");
    }

    /** Chronicle Wire (the protocol's encoding) has no business talking to the operator. */
    private static void quietChronicle() {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        System.setProperty("disable.perf.info", "true");
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("jvm.resource.tracing", "false");
    }
}
