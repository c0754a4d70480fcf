package dev.ferry.shell.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.shell.coordinator.ClusterEvent;
import dev.ferry.shell.coordinator.ClusterException;
import dev.ferry.shell.coordinator.ClusterListener;
import dev.ferry.shell.coordinator.Coordinator;
import dev.ferry.shell.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's web console: the page at {@code /}, a JSON API under {@code /api}, and a
 * Server-Sent Events stream ({@code /api/stream}) that pushes every cluster event, every task's
 * output and, each second, the hosts and tasks. docs/web-console.md lists the API.
 *
 * <p>Access: on loopback, anyone on the machine may read, and state-changing requests need only the
 * {@code X-Ferry-Request} header (which a page from another site cannot send). Bound anywhere else,
 * every {@code /api} request needs the token ({@code X-Ferry-Token} header or {@code ?token=}),
 * generated at start unless given, and printed in {@link #url()}.
 *
 * <p>Thread roles: the JDK server's handler threads (a cached pool: each open event stream holds
 * one); the coordinator's thread calls the listener, which only enqueues to each stream's queue.
 */
public final class WebConsole implements AutoCloseable {
    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(60);
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/app.css", "app.css");

    private final Coordinator coordinator;
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ferry-web");
        t.setDaemon(true);
        return t;
    });
    private final String token;
    private final Set<LinkedBlockingQueue<String>> streams = new CopyOnWriteArraySet<>();
    private final ClusterListener listener;
    private volatile boolean closed;

    private WebConsole(Coordinator coordinator, InetSocketAddress bind, String token) throws IOException {
        this.coordinator = coordinator;
        this.token = token;
        this.server = HttpServer.create(bind, 50);
        server.setExecutor(handlers);
        server.createContext("/", this::serve);
        this.listener = new ClusterListener() {
            @Override
            public void event(ClusterEvent event) {
                publish("event", Json.write(event));
            }

            @Override
            public void output(String taskId, String stream, String text) {
                publish("output", Json.write(Map.of("task", taskId, "stream", stream, "text", text)));
            }
        };
    }

    /**
     * Starts the console on {@code bind}. {@code token} may be null: then one is generated if the
     * address is not loopback, and none is needed on loopback.
     */
    public static WebConsole start(Coordinator coordinator, InetSocketAddress bind, String token) throws IOException {
        String t = token;
        if (t == null && !bind.getAddress().isLoopbackAddress()) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            t = HexFormat.of().formatHex(random);
        }
        WebConsole console = new WebConsole(coordinator, bind, t);
        coordinator.addListener(console.listener);
        console.server.start();
        Thread ticker = new Thread(console::tick, "ferry-web-state");
        ticker.setDaemon(true);
        ticker.start();
        return console;
    }

    /** The page's address, with the token (in the fragment, so it is never sent in a request line) if one is needed. */
    public String url() {
        String host = server.getAddress().getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + server.getAddress().getPort() + "/" + (token == null ? "" : "#token=" + token);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The access token, or null when none is needed. */
    public String token() {
        return token;
    }

    private void tick() {
        while (!closed) {
            try {
                Thread.sleep(1000);
                if (!streams.isEmpty()) {
                    publish("state", state());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The coordinator is closing; the next tick (if any) tries again.
            }
        }
    }

    private String state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("hosts", coordinator.hosts());
        state.put("tasks", coordinator.tasks());
        return Json.write(state);
    }

    private void publish(String event, String json) {
        String frame = "event: " + event + "\ndata: " + json + "\n\n";
        for (LinkedBlockingQueue<String> q : streams) {
            if (q.size() < 10_000) { // a stalled client loses its stream rather than the coordinator its memory
                q.add(frame);
            }
        }
    }

    // ---- HTTP -----------------------------------------------------------------------------------

    private void serve(HttpExchange x) throws IOException {
        try (x) {
            try {
                route(x);
            } catch (ClusterException e) {
                int status = e.isNotFound() ? 404 : 409;
                reply(x, status, Map.of("error", e.getMessage()));
            } catch (IllegalArgumentException e) {
                reply(x, 400, Map.of("error", e.getMessage()));
            }
        }
    }

    private void route(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        if (!path.startsWith("/api/")) {
            serveStatic(x, path);
            return;
        }
        if (!authorized(x)) {
            reply(x, 401, Map.of("error", "this console needs its token: open the URL `ferry shell` printed"
                    + " (…#token=…), or send the X-Ferry-Token header"));
            return;
        }
        String method = x.getRequestMethod();
        if (method.equals("POST") && x.getRequestHeaders().getFirst("X-Ferry-Request") == null
                && x.getRequestHeaders().getFirst("X-Ferry-Token") == null) {
            reply(x, 403, Map.of("error", "state-changing requests need the X-Ferry-Request header"));
            return;
        }
        api(x, method, path.substring("/api".length()));
    }

    private boolean authorized(HttpExchange x) {
        if (token == null) {
            return true;
        }
        String given = x.getRequestHeaders().getFirst("X-Ferry-Token");
        if (given == null) {
            given = query(x.getRequestURI()).get("token");
        }
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    private void api(HttpExchange x, String method, String path) throws IOException {
        String[] parts = path.substring(1).split("/");
        boolean get = method.equals("GET");
        boolean post = method.equals("POST");
        if (get && path.equals("/hosts")) {
            reply(x, 200, coordinator.hosts());
        } else if (get && path.equals("/tasks")) {
            reply(x, 200, coordinator.tasks());
        } else if (get && path.equals("/events")) {
            long since = Long.parseLong(query(x.getRequestURI()).getOrDefault("since", "0"));
            reply(x, 200, coordinator.events().stream().filter(e -> e.seq() > since).toList());
        } else if (get && path.equals("/stream")) {
            stream(x);
        } else if (get && parts.length == 2 && parts[0].equals("tasks")) {
            reply(x, 200, coordinator.requireTask(parts[1]));
        } else if (get && parts.length == 3 && parts[0].equals("tasks") && parts[2].equals("logs")) {
            reply(x, 200, Map.of("task", parts[1], "text", coordinator.output(parts[1])));
        } else if (post && path.equals("/tasks")) {
            Map<String, Object> body = Json.readObject(body(x));
            String className = (String) body.get("class");
            if (className == null || className.isBlank()) {
                throw new IllegalArgumentException("launch needs \"class\" (and optionally \"args\": [...], \"host\")");
            }
            @SuppressWarnings("unchecked")
            List<String> args = (List<String>) body.getOrDefault("args", List.of());
            reply(x, 201, Coordinator.await(coordinator.launch(className, args, (String) body.get("host")), OPERATION_TIMEOUT));
        } else if (post && parts.length == 3 && parts[0].equals("tasks") && parts[2].equals("kill")) {
            reply(x, 200, Coordinator.await(coordinator.kill(parts[1]), OPERATION_TIMEOUT));
        } else if (post && parts.length == 3 && parts[0].equals("tasks") && parts[2].equals("migrate")) {
            String host = (String) Json.readObject(body(x)).get("host");
            if (host == null) {
                throw new IllegalArgumentException("migrate needs {\"host\": \"HOST\"}");
            }
            reply(x, 200, Coordinator.await(coordinator.migrate(parts[1], host), OPERATION_TIMEOUT));
        } else if (post && parts.length == 3 && parts[0].equals("hosts") && parts[2].equals("drain")) {
            reply(x, 200, Coordinator.await(coordinator.drain(parts[1]), OPERATION_TIMEOUT));
        } else {
            reply(x, 404, Map.of("error", "no such API: " + method + " /api" + path + " (see docs/web-console.md)"));
        }
    }

    private void stream(HttpExchange x) throws IOException {
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        x.getResponseHeaders().set("Cache-Control", "no-cache");
        x.sendResponseHeaders(200, 0);
        OutputStream out = x.getResponseBody();
        streams.add(queue);
        try {
            out.write(("event: state\ndata: " + state() + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!closed) {
                String frame = queue.poll(15, TimeUnit.SECONDS);
                out.write((frame == null ? ": keep-alive\n\n" : frame).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // The browser went away (or we are closing): this stream ends.
        } finally {
            streams.remove(queue);
        }
    }

    private void serveStatic(HttpExchange x, String path) throws IOException {
        String file = STATIC.get(path);
        InputStream in = file == null ? null : WebConsole.class.getResourceAsStream(file);
        if (in == null) {
            byte[] body = "not found".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(404, body.length);
            x.getResponseBody().write(body);
            return;
        }
        byte[] body;
        try (in) {
            body = in.readAllBytes();
        }
        String type = file.endsWith(".html") ? "text/html" : file.endsWith(".js") ? "text/javascript" : "text/css";
        x.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        x.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; connect-src 'self'");
        x.sendResponseHeaders(200, body.length);
        x.getResponseBody().write(body);
    }

    private static String body(HttpExchange x) throws IOException {
        byte[] bytes = x.getRequestBody().readNBytes(64 << 10);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static void reply(HttpExchange x, int status, Object value) throws IOException {
        byte[] body = Json.write(value).getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
    }

    @Override
    public void close() {
        closed = true;
        coordinator.removeListener(listener);
        server.stop(0);
        handlers.shutdownNow();
    }
}
