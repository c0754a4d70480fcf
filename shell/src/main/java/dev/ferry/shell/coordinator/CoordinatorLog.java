package dev.ferry.shell.coordinator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The coordinator's levelled log (CONFIG, INFO, WARNING, SEVERE), written to
 * {@code coordinator.N.log} in the log directory, rotated at 10 MB over 5 files. Without a
 * directory nothing is written (the events still reach listeners).
 */
final class CoordinatorLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());
    private final Logger logger;
    private final FileHandler file;

    CoordinatorLog(Path directory) {
        // An anonymous logger: the coordinator's records go to its file only, never to the console.
        logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.CONFIG);
        if (directory == null) {
            file = null;
            return;
        }
        try {
            Files.createDirectories(directory);
            file = new FileHandler(directory.resolve("coordinator.%g.log").toString(), 10_000_000, 5, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the coordinator log in " + directory, e);
        }
        file.setLevel(Level.CONFIG);
        file.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String line = TIME.format(Instant.ofEpochMilli(r.getMillis())) + " " + r.getLevel() + " " + r.getMessage() + "\n";
                if (r.getThrown() == null) {
                    return line;
                }
                java.io.StringWriter trace = new java.io.StringWriter();
                r.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                return line + trace;
            }
        });
        logger.addHandler(file);
    }

    void log(Level level, String message) {
        logger.log(level, message);
    }

    void log(Level level, String message, Throwable cause) {
        logger.log(level, message, cause);
    }

    void close() {
        if (file != null) {
            file.close();
        }
    }
}
