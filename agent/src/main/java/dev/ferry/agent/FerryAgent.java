package dev.ferry.agent;

import dev.ferry.agent.host.HostDaemon;
import dev.ferry.agent.host.HostOptions;
import dev.ferry.agent.rewrite.AsmClassRewriter;
import dev.ferry.runtime.engine.Tasks;
import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -javaagent:ferry-agent.jar}: installs Ferry's class rewriter as the engine's default,
 * so that every task started in this JVM has its classes rewritten for capture. Task classes are
 * rewritten by each task's own class loader as it defines them; the JDK, Ferry and every other class
 * of the host JVM are never touched.
 *
 * <p>It also opens every package of {@code java.base} to Ferry (only to Ferry), which must read and
 * rebuild whatever JDK objects a task keeps — collections, builders, checksums, matchers — when
 * the task moves: what {@code --add-opens java.base/java.util=ALL-UNNAMED} and its siblings would
 * do for the whole JVM.
 */
public final class FerryAgent {
    private FerryAgent() {
    }

    /** The agent entry point. */
    public static void premain(String options, Instrumentation instrumentation) {
        quietChronicle();
        Module ferry = FerryAgent.class.getModule();
        Module javaBase = Object.class.getModule();
        Map<String, Set<Module>> opens = new HashMap<>();
        for (String pkg : javaBase.getPackages()) {
            opens.put(pkg, Set.of(ferry)); // a task may keep any JDK object: a CRC32, a Matcher, a zone rule
        }
        instrumentation.redefineModule(javaBase, Set.of(), Map.of(), opens, Set.of(), Map.of());
        Tasks.installRewriter(new AsmClassRewriter());
        if (options != null && (options.equals("host") || options.startsWith("host,"))) {
            startHost(options);
        }
    }

    /**
     * {@code -javaagent:ferry-agent.jar=host,name=host-a,join=HOST:PORT,cp=PATH[,secret-file=F|,insecure]}:
     * the JVM's own main runs as usual, and a host daemon runs beside it.
     */
    private static void startHost(String options) {
        try {
            HostDaemon.start(HostOptions.fromAgentOptions(options), System.err);
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new IllegalArgumentException("ferry agent: cannot start the host: " + e.getMessage()
                    + "\n" + HostOptions.USAGE, e);
        }
    }

    /**
     * Chronicle Wire (the snapshot encoding) reports on its environment through SLF4J, which has no
     * binding in a host JVM, and prints performance tips: none of it is for a task's operator.
     */
    private static void quietChronicle() {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        System.setProperty("disable.perf.info", "true");
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("jvm.resource.tracing", "false");
    }

    /** {@code java -jar ferry-agent.jar}: runs the command line tool. */
    public static void main(String[] args) {
        System.exit(FerryCommand.run(args, System.out, System.err));
    }
}
