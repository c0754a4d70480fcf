package dev.ferry.maven;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which classes to instrument: binary class names ({@code com.acme.Job$Step}) matched against
 * include and exclude patterns, where {@code **} matches anything, {@code *} anything but a dot (so
 * within one package, nested classes included) and {@code ?} one character but a dot. A class is
 * selected when it matches some include (no includes: every class) and no exclude.
 */
final class ClassNamePatterns {
    private final List<Pattern> includes;
    private final List<Pattern> excludes;

    ClassNamePatterns(List<String> includes, List<String> excludes) {
        this.includes = includes.stream().map(ClassNamePatterns::compile).toList();
        this.excludes = excludes.stream().map(ClassNamePatterns::compile).toList();
    }

    boolean selects(String className) {
        return (includes.isEmpty() || includes.stream().anyMatch(p -> p.matcher(className).matches()))
                && excludes.stream().noneMatch(p -> p.matcher(className).matches());
    }

    static Pattern compile(String glob) {
        if (glob == null || glob.isBlank()) {
            throw new IllegalArgumentException("an include or exclude pattern is empty; write e.g. com.acme.** or com.acme.*Test");
        }
        if (glob.contains("/")) {
            throw new IllegalArgumentException("pattern '" + glob + "' has a '/': patterns match class names, with dots"
                    + " (com.acme.**), not paths");
        }
        StringBuilder regex = new StringBuilder();
        String s = glob.trim();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^.]*");
            } else if (c == '?') {
                regex.append("[^.]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
