package dev.ferry.shell.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Point(int x, String label, List<String> tags) {
    }

    @Test
    void writesMapsListsRecordsAndEscapesWhatItMust() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("a", "x\"y\n\u0001");
        row.put("n", 3);
        row.put("z", null);
        row.put("p", new Point(1, "a->b", List.of("t")));
        assertEquals("[{\"a\":\"x\\\"y\\n\\u0001\",\"n\":3,\"z\":null,\"p\":{\"x\":1,\"label\":\"a->b\",\"tags\":[\"t\"]}}]",
                Json.write(List.of(row)));
    }

    @Test
    void readsFlatObjectsAndSaysWhereTheyAreBroken() {
        assertEquals(Map.of("class", "C", "args", List.of("1", "two words"), "host", "h\u00e9"),
                Json.readObject(" { \"class\" : \"C\", \"args\": [\"1\", \"two words\"], \"host\": \"h\\u00e9\" } "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.readObject("{\"a\": 1}"));
        assertEquals("expected '\"' at character 6 of the request body", e.getMessage());
    }
}
