package dev.ferry.shell.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordsTest {
    @Test
    void blanksSeparateWords_quotesAndBackslashesKeepThemInOne() {
        assertEquals(List.of("launch", "Counter", "10"), Words.split("  launch\tCounter   10 "));
        assertEquals(List.of("launch", "Echo", "two words", "it's", "a\"b", ""),
                Words.split("launch Echo 'two words' \"it's\" a\\\"b ''"));
        assertEquals(List.of(), Words.split("   "));
    }

    @Test
    void anUnclosedQuote_saysHowToFixIt() {
        CommandException e = assertThrows(CommandException.class, () -> Words.split("launch 'Counter"));
        assertTrue(e.getMessage().startsWith("the quote ' is not closed"), e.getMessage());
    }

    @Test
    void namesSortWithTheirNumbersInOrder() {
        assertEquals(List.of("host-1", "host-2", "host-10", "host-b"),
                List.of("host-10", "host-b", "host-2", "host-1").stream().sorted(Shell.NATURAL).toList());
    }
}
