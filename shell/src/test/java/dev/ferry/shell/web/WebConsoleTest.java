package dev.ferry.shell.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.shell.cluster.MiniCluster;
import dev.ferry.shell.coordinator.ClusterEvent;
import dev.ferry.shell.coordinator.HostState;
import dev.ferry.shell.coordinator.TaskStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The web console over real HTTP, and its page in real headless Chromium. */
class WebConsoleTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> request(String method, String url, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiListsLaunchesMovesAndKillsAndSaysWhatIsWrong() throws Exception {
        try (MiniCluster cluster = MiniCluster.start("web-api", 2);
             WebConsole web = WebConsole.start(cluster.coordinator(),
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null)) {
            String api = "http://127.0.0.1:" + web.port() + "/api";
            HttpResponse<String> hosts = request("GET", api + "/hosts", null);
            assertEquals(200, hosts.statusCode());
            assertTrue(hosts.body().contains("\"name\":\"host-1\"") && hosts.body().contains("\"state\":\"ALIVE\""), hosts.body());

            HttpResponse<String> refused = request("POST", api + "/tasks", "{\"class\":\"dev.ferry.samples.Counter\"}");
            assertEquals(403, refused.statusCode(), refused.body());

            HttpResponse<String> launched = request("POST", api + "/tasks",
                    "{\"class\":\"dev.ferry.samples.Counter\",\"args\":[\"40\",\"25\"],\"host\":\"host-1\"}",
                    "X-Ferry-Request", "1");
            assertEquals(201, launched.statusCode(), launched.body());
            assertTrue(launched.body().contains("\"id\":\"1\""), launched.body());
            cluster.awaitOutput("1", "3\n", WAIT);
            HttpResponse<String> moved = request("POST", api + "/tasks/1/migrate", "{\"host\":\"host-2\"}", "X-Ferry-Request", "1");
            assertEquals(200, moved.statusCode(), moved.body());
            assertTrue(moved.body().contains("\"outcome\":\"DONE\""), moved.body());
            assertTrue(request("GET", api + "/tasks/1", null).body().contains("\"host\":\"host-2\""));

            HttpResponse<String> typo = request("POST", api + "/tasks/1/migrate", "{\"host\":\"hots-1\"}", "X-Ferry-Request", "1");
            assertEquals(404, typo.statusCode());
            assertEquals("{\"error\":\"no host 'hots-1'; did you mean host-1? (hosts lists them)\"}", typo.body());
            assertEquals(400, request("POST", api + "/tasks", "{\"class\":", "X-Ferry-Request", "1").statusCode());
            assertEquals(404, request("GET", api + "/tasks/77", null).statusCode());
            assertEquals(404, request("GET", api + "/nothing", null).statusCode());

            cluster.awaitTask("1", TaskStatus.FINISHED, WAIT);
            String logs = request("GET", api + "/tasks/1/logs", null).body();
            assertTrue(logs.contains("39\\n") && logs.contains("moved host-1 -> host-2"), logs);
            String events = request("GET", api + "/events?since=0", null).body();
            assertTrue(events.contains("\"kind\":\"task.moved\""), events);
        }
    }

    @Test
    void boundBeyondLoopbackEveryApiRequestNeedsTheToken() throws Exception {
        try (MiniCluster cluster = MiniCluster.start("web-token", 0);
             WebConsole web = WebConsole.start(cluster.coordinator(), new InetSocketAddress("0.0.0.0", 0), null)) {
            assertTrue(web.token() != null && web.url().endsWith("#token=" + web.token()), web.url());
            String api = "http://127.0.0.1:" + web.port() + "/api";
            HttpResponse<String> without = request("POST", api + "/tasks", "{\"class\":\"X\"}", "X-Ferry-Request", "1");
            assertEquals(401, without.statusCode());
            assertTrue(without.body().contains("token"), without.body());
            assertEquals(401, request("GET", api + "/hosts", null).statusCode());
            assertEquals(401, request("GET", api + "/hosts", null, "X-Ferry-Token", "wrong").statusCode());
            assertEquals(200, request("GET", api + "/hosts", null, "X-Ferry-Token", web.token()).statusCode());
            assertEquals(200, request("GET", api + "/hosts?token=" + web.token(), null).statusCode());
            assertEquals(200, request("GET", "http://127.0.0.1:" + web.port() + "/", null).statusCode()); // the page itself
        }
    }

    @Test
    void thePageShowsTasksMovesThemAndRaisesSevereAlertsAtOnce() throws Exception {
        try (MiniCluster cluster = MiniCluster.start("web-page", 3);
             WebConsole web = WebConsole.start(cluster.coordinator(),
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null);
             HeadlessChromium chromium = HeadlessChromium.start(Path.of("target/chromium-profile"))) {
            chromium.navigate(web.url());
            chromium.await("three hosts", "document.querySelectorAll('#hosts tbody tr').length === 3", WAIT);

            var task = dev.ferry.shell.coordinator.Coordinator.await(cluster.coordinator().launch(
                    "dev.ferry.samples.Counter", java.util.List.of("100000", "50"), "host-1"), WAIT);
            chromium.await("the launched task", "(document.querySelector('#tasks tr[data-task=\"" + task.id()
                    + "\"]')?.innerText ?? '').includes('Counter 100000 50')", WAIT);
            chromium.await("its output", "document.getElementById('log').innerText.includes('\\n3\\n')", WAIT);

            // Move it from the page: pick host-2 in its row and press Move.
            chromium.eval("(() => { const row = document.querySelector('#tasks tr[data-task=\"" + task.id() + "\"]');"
                    + " const s = row.querySelector('select.move-target'); s.value = 'host-2';"
                    + " s.dispatchEvent(new Event('change')); row.querySelector('button.move').click(); return 'ok'; })()");
            chromium.await("the task on host-2", "document.querySelector('#tasks tr[data-task=\"" + task.id()
                    + "\"] td.host')?.innerText === 'host-2'", WAIT);
            chromium.await("the move in its timeline", "document.querySelector('#tasks tr[data-task=\"" + task.id()
                    + "\"] .timeline')?.innerText.includes('host-1 → host-2')", WAIT);
            assertEquals("host-2", cluster.task(task.id()).host());
            chromium.screenshot(Path.of("target/web-console.png"));

            // A SEVERE event (a host killed -9 goes DEAD; its task is LOST) is a banner within a second.
            cluster.kill9("host-2");
            cluster.awaitHostState("host-2", HostState.DEAD, WAIT);
            ClusterEvent dead = cluster.events.stream().filter(e -> e.kind().equals("host.dead")).findFirst().orElseThrow();
            assertEquals(Level.SEVERE, dead.level());
            chromium.await("the SEVERE banner", "[...document.querySelectorAll('#alerts .alert')]"
                    + ".some(a => a.innerText.includes('host-2 is DEAD'))", Duration.ofSeconds(5));
            // The page notes when it put each banner up; the coordinator, when the event happened (one clock).
            long late = Long.parseLong(chromium.eval("(() => { const a = [...document.querySelectorAll('#alerts .alert')]"
                    + ".find(a => a.innerText.includes('host-2 is DEAD')); return a.dataset.shownAt - Date.parse(a.dataset.eventTime); })()"));
            assertTrue(late >= 0 && late < 1000, "the banner came " + late + " ms after the event");
            chromium.await("the lost task banner", "[...document.querySelectorAll('#alerts .alert')]"
                    + ".some(a => a.innerText.includes('LOST'))", Duration.ofSeconds(5));
            chromium.screenshot(Path.of("target/web-console-alert.png"));
            // Acknowledged, it goes.
            chromium.eval("[...document.querySelectorAll('#alerts .ack')].forEach(b => b.click())");
            chromium.await("no banner", "document.querySelectorAll('#alerts .alert').length === 0", WAIT);
        }
    }
}
