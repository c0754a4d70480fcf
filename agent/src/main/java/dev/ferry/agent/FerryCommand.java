package dev.ferry.agent;

import java.io.PrintStream;

/** The {@code ferry} command line. */
final class FerryCommand {
    private FerryCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        err.println("usage: ferry run ...");
        return 2;
    }
}
