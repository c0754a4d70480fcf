package dev.ferry.runtime.classfile;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringConstantsTest {
    static final String CONSTANT_FIELD = "a constant field's value";

    static String literals() {
        return "a literal with non-ASCII: \u00e9\u4e2d\ud83d\ude00 and a NUL \u0000 in it";
    }

    @Test
    void readsLiteralsAndConstantFields_inModifiedUtf8() throws Exception {
        byte[] bytes;
        try (InputStream in = StringConstantsTest.class.getResourceAsStream("StringConstantsTest.class")) {
            bytes = in.readAllBytes();
        }
        List<String> values = StringConstants.of(bytes);
        assertTrue(values.contains(CONSTANT_FIELD), values.toString());
        assertTrue(values.contains(literals()), values.toString());
    }

    @Test
    void refusesWhatIsNotAClassFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StringConstants.of(new byte[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("is not a class file"), e.getMessage());
    }
}
