package dev.ferry.shell.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.shell.coordinator.Coordinator;
import dev.ferry.shell.coordinator.MigrationView;
import dev.ferry.shell.coordinator.TaskStatus;
import dev.ferry.shell.coordinator.TaskView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional TLS transport: a cluster whose every connection is mutual TLS, and a plain host kept out. */
class TlsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aTaskMovesOverTlsAndAHostWithoutTlsIsKeptOut() throws Exception {
        Path dir = Path.of("target/cluster-logs/tls-keys").toAbsolutePath();
        Files.createDirectories(dir);
        Path keyStore = dir.resolve("cluster.p12");
        Files.deleteIfExists(keyStore);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "ferry", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=ferry-cluster", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", "tls-test-pass", "-keypass", "tls-test-pass")
                .redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        Path password = dir.resolve("password");
        Files.writeString(password, "tls-test-pass\n");

        try (MiniCluster cluster = MiniCluster.tls("tls", "a secret for the tls test", keyStore, "tls-test-pass")) {
            List<String> tls = List.of("--secret-file", cluster.secretFile().toString(),
                    "--tls-keystore", keyStore.toString(), "--tls-password-file", password.toString());
            cluster.startHost("host-1", List.of(MiniCluster.SAMPLES.toString()), List.of(), tls);
            cluster.startHost("host-2", List.of(MiniCluster.SAMPLES.toString()), List.of(), tls);
            cluster.startHost("plain", List.of(MiniCluster.SAMPLES.toString()), List.of(),
                    List.of("--secret-file", cluster.secretFile().toString()));
            cluster.awaitHosts(2);
            Coordinator c = cluster.coordinator();
            TaskView task = Coordinator.await(c.launch("dev.ferry.samples.Counter", List.of("150", "20"), "host-1"), WAIT);
            cluster.awaitOutput(task.id(), "3\n", WAIT);
            MigrationView move = Coordinator.await(c.migrate(task.id(), "host-2"), WAIT);
            assertEquals("DONE", move.outcome());
            cluster.awaitTask(task.id(), TaskStatus.FINISHED, WAIT);
            assertEquals(MigrationTest.count(150), MigrationTest.withoutMarkers(c.output(task.id())));
            assertTrue(c.hosts().stream().noneMatch(h -> h.name().equals("plain")), c.hosts().toString());
            // The plain host never gets past the TLS handshake (it times out waiting for a challenge in clear).
            cluster.await("the plain host refused", WAIT,
                    () -> cluster.events.stream().anyMatch(e -> e.kind().equals("host.refused")));
            assertTrue(c.hosts().stream().noneMatch(h -> h.name().equals("plain")), c.hosts().toString());
        }
    }
}
