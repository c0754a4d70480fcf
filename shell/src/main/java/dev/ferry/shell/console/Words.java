package dev.ferry.shell.console;

import java.util.ArrayList;
import java.util.List;

/**
 * A command line split into words the way a Unix shell would: blanks separate words, {@code '...'}
 * and {@code "..."} keep blanks in one, a backslash escapes the next character. No variables, no
 * globs: the words go to the cluster as typed.
 */
final class Words {
    private Words() {
    }

    /**
     * Splits {@code line}.
     *
     * @throws CommandException for a quote that is not closed
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new CommandException("the quote " + quote + " is not closed; close it, or escape it with \\");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
