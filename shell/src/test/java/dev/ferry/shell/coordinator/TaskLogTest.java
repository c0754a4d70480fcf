package dev.ferry.shell.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskLogTest {
    private final List<String> heard = new ArrayList<>();
    private final TaskLog log = new TaskLog((stream, text) -> heard.add(stream + ":" + text));

    private void out(long offset, String text) {
        log.append("out", offset, text.getBytes(StandardCharsets.UTF_8));
    }

    private String text() {
        StringBuilder b = new StringBuilder();
        log.entries().forEach(e -> b.append(e.text()));
        return b.toString();
    }

    @Test
    void piecesFromTwoHostsComeOutInOrderOnceWithTheMarkerBetween() {
        out(0, "0\n1\n");
        log.marker(6, "moved a -> b");   // the source stopped at 6
        out(6, "3\n");                   // the destination's first piece arrives first
        out(4, "2\n");                   // then the source's last
        out(4, "2\n");                   // and a repeat
        out(2, "1\n2\n");                // and an overlapping repeat
        assertEquals("0\n1\n2\nmoved a -> b\n3\n", text());
        assertEquals(List.of("out:0\n1\n", "out:2\n", "ferry:moved a -> b\n", "out:3\n"), heard);
        assertEquals(8, log.position("out"));
    }

    @Test
    void aGapTheHostCannotFillIsSaidAndSkipped() {
        out(0, "a\n");
        out(10, "z\n");
        assertEquals("a\n", text());
        log.append("gap:out", 10, new byte[0]);
        assertEquals("a\n[ferry] 8 bytes of stdout were lost\nz\n", text());
    }

    @Test
    void streamsAreIndependent() {
        log.append("err", 0, "e\n".getBytes(StandardCharsets.UTF_8));
        out(0, "o\n");
        assertEquals("e\no\n", text());
        assertEquals(2, log.position("err"));
    }
}
