package dev.ferry.shell.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/** A plain text table: a bold header row, then columns padded to their widest cell. */
final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    void row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + header.size());
        }
        rows.add(List.of(cells));
    }

    List<AttributedString> lines() {
        int[] width = new int[header.size()];
        for (List<String> r : concat()) {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        List<AttributedString> lines = new ArrayList<>();
        for (List<String> r : concat()) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                String cell = r.get(i);
                b.append(i == r.size() - 1 ? cell : cell + " ".repeat(width[i] - cell.length() + 2));
            }
            String line = b.toString().stripTrailing();
            lines.add(r == header ? new AttributedString(line, AttributedStyle.BOLD) : new AttributedString(line));
        }
        return lines;
    }

    private List<List<String>> concat() {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    /** {@code 4.2s}, {@code 12m05s}, {@code 3h02m}, {@code 2d05h}. */
    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 10) {
            return String.format("%.1fs", Math.max(0, d.toMillis()) / 1000.0);
        } else if (s < 60) {
            return s + "s";
        } else if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        } else if (s < 86400) {
            return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format("%dd%02dh", s / 86400, s % 86400 / 3600);
    }

    /** {@code 512 B}, {@code 41 MB}. */
    static String bytes(long n) {
        if (n < 10_000) {
            return n + " B";
        } else if (n < 10_000_000) {
            return n / 1000 + " kB";
        }
        return n / 1_000_000 + " MB";
    }
}
