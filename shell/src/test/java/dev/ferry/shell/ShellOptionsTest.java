package dev.ferry.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.runtime.protocol.ClusterSecret;
import dev.ferry.runtime.protocol.Transport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellOptionsTest {
    private static final Path ROOT = Path.of("/checkout");

    @Test
    void up_defaultsToTwoHostsTheSamplesAnyFreePortAndASecretOfItsOwn() {
        ShellOptions up = ShellOptions.parse(List.of("up"), ROOT);
        assertEquals(2, up.hosts());
        assertEquals(List.of(Path.of("/checkout/samples/target/classes")), up.taskClassPath());
        assertEquals(0, up.port());
        assertEquals(null, up.secret(), "ferry up makes its own");
        assertTrue(up.listen().isLoopbackAddress());
        assertEquals(Transport.PLAIN, up.transport());
        assertEquals(ClusterSecret.NONE, ShellOptions.parse(List.of("up", "--insecure", "--hosts", "3"), ROOT).secret());
    }

    @Test
    void theWebConsole_isOnUnderUp_offUnderShell_unlessAskedFor() {
        assertEquals(0, ShellOptions.parse(List.of("up"), ROOT).http(), "up serves it on a free port");
        assertEquals(-1, ShellOptions.parse(List.of("up", "--no-http"), ROOT).http());
        assertEquals(-1, ShellOptions.parse(List.of("shell", "--insecure"), ROOT).http());
        assertEquals(8080, ShellOptions.parse(List.of("shell", "--insecure", "--http", "8080"), ROOT).http());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShellOptions.parse(List.of("shell", "--insecure", "--http", "web"), ROOT));
        assertEquals("--http takes a number from 0 to 65535, not 'web'", e.getMessage());
    }

    @Test
    void shell_listensOn7400_withTheSecretItIsGiven() {
        ShellOptions shell = ShellOptions.parse(List.of("shell", "--insecure", "--cp", "a" + java.io.File.pathSeparator + "b"),
                ROOT);
        assertEquals(7400, shell.port());
        assertFalse(shell.secret().isSet());
        assertEquals(List.of(Path.of("a").toAbsolutePath(), Path.of("b").toAbsolutePath()), shell.taskClassPath());
        assertEquals(null, shell.script());
        assertTrue(shell.logDirectory().endsWith("logs"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            shell                                  | no cluster secret: give --secret-file FILE or set $FERRY_SECRET
            shell --insecure --listen 10.1.2.3     | --insecure listens on loopback only; 10.1.2.3 is not a loopback address
            up --hosts 0                           | --hosts takes a number from 1 to 32, not '0'
            up --secret-file s                     | --secret-file is for ferry shell; ferry up runs on loopback with a secret of its own
            shell --insecure --hosts 2             | --hosts is for ferry up; ferry shell starts no hosts
            coordinator --insecure --script x      | --script is for the shell; ferry coordinator has no prompt
            shell --insecure --port 70000          | --port takes a number from 0 to 65535, not '70000'
            shell --insecure --colour              | --colour needs a value
            shell --insecure --tls-password-file p | --tls-password-file needs --tls-keystore
            down                                   | unknown command 'down'
            """)
    void aWrongCommandLine_saysWhatIsWrong(String line, String message) {
        org.junit.jupiter.api.Assumptions.assumeTrue(!line.equals("shell") || ClusterSecret.fromEnvironment() == null,
                "$FERRY_SECRET is set here: ferry shell has a secret");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShellOptions.parse(List.of(line.split(" ")), ROOT));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
