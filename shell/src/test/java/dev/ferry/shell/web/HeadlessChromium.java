package dev.ferry.shell.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Real headless Chromium (Debian's {@code chromium}, installed with apt if missing), driven over the
 * DevTools protocol with the JDK's own WebSocket client: navigate, evaluate JavaScript, screenshot.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    static HeadlessChromium start(Path profile) throws Exception {
        install();
        Files.createDirectories(profile);
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--remote-debugging-port=0",
                "--user-data-dir=" + profile.toAbsolutePath(), "about:blank").redirectErrorStream(true).start();
        String browserUrl = null;
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (String line; browserUrl == null && System.nanoTime() < deadline && (line = out.readLine()) != null; ) {
            Matcher m = Pattern.compile("DevTools listening on (ws://\\S+)").matcher(line);
            if (m.find()) {
                browserUrl = m.group(1);
            }
        }
        if (browserUrl == null) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not start its DevTools endpoint");
        }
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException e) {
                // chromium exited
            }
        });
        drain.setDaemon(true);
        drain.start();
        URI http = URI.create(browserUrl.replace("ws://", "http://"));
        String list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + http.getAuthority() + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher page = Pattern.compile("\"type\"\\s*:\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"",
                Pattern.DOTALL).matcher(list);
        if (!page.find()) {
            page = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/page/[^\"]+)\"").matcher(list);
            if (!page.find()) {
                p.destroyForcibly();
                throw new IllegalStateException("no page target in " + list);
            }
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        StringBuilder partial = new StringBuilder();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(page.group(1)),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            self[0].received(partial.toString());
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        self[0] = new HeadlessChromium(p, ws);
        return self[0];
    }

    private static void install() throws Exception {
        if (Files.isExecutable(CHROMIUM)) {
            return;
        }
        Process apt = new ProcessBuilder("apt-get", "install", "-y", "-q", "chromium").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        apt.waitFor(10, TimeUnit.MINUTES);
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "chromium is not installed and `apt-get install -y chromium` failed: these tests need it");
    }

    private void received(String message) {
        Matcher m = Pattern.compile("^\\{\"id\":(\\d+),").matcher(message);
        if (m.find()) {
            CompletableFuture<String> f = pending.remove(Integer.parseInt(m.group(1)));
            if (f != null) {
                f.complete(message);
            }
        }
    }

    private String call(String method, String params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<String> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).join();
        return reply.get(30, TimeUnit.SECONDS);
    }

    void navigate(String url) throws Exception {
        call("Page.enable", "{}");
        call("Page.navigate", "{\"url\":" + quote(url) + "}");
    }

    /** Evaluates {@code expression} in the page; its value as a string ("" for null or undefined). */
    String eval(String expression) throws Exception {
        String reply = call("Runtime.evaluate", "{\"expression\":" + quote("String((() => { try { return " + expression
                + "; } catch (e) { return 'ERROR ' + e; } })() ?? '')") + ",\"returnByValue\":true}");
        Matcher m = Pattern.compile("\"value\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(reply);
        return m.find() ? unquote(m.group(1)) : "";
    }

    /** Polls {@code expression} until it is "true". */
    void await(String what, String expression, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!eval(expression).equals("true")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for the page to show " + what + "; page text:\n"
                        + eval("document.body.innerText"));
            }
            Thread.sleep(50);
        }
    }

    void screenshot(Path file) throws Exception {
        String reply = call("Page.captureScreenshot", "{\"format\":\"png\"}");
        Matcher m = Pattern.compile("\"data\":\"([^\"]+)\"").matcher(reply);
        if (m.find()) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, Base64.getDecoder().decode(m.group(1)));
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static String unquote(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        socket.abort();
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
