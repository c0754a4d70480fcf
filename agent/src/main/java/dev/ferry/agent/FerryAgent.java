package dev.ferry.agent;

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
 * <p>It also opens the {@code java.base} packages whose objects tasks keep in their heap
 * (collections, boxes, builders) to Ferry, which must read and rebuild them when a task moves —
 * the same thing {@code --add-opens java.base/java.util=ALL-UNNAMED} would do, only for Ferry.
 */
public final class FerryAgent {
    private static final String[] OPENED = {
        "java.lang", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "java.util.concurrent.locks",
        "java.util.regex", "java.math", "java.text", "java.time", "java.net", "java.nio", "java.io",
    };

    private FerryAgent() {
    }

    /** The agent entry point. */
    public static void premain(String options, Instrumentation instrumentation) {
        Module ferry = FerryAgent.class.getModule();
        Module javaBase = Object.class.getModule();
        Map<String, Set<Module>> opens = new HashMap<>();
        for (String pkg : OPENED) {
            opens.put(pkg, Set.of(ferry));
        }
        instrumentation.redefineModule(javaBase, Set.of(), Map.of(), opens, Set.of(), Map.of());
        Tasks.installRewriter(new AsmClassRewriter());
    }

    /** {@code java -jar ferry-agent.jar}: runs the command line tool. */
    public static void main(String[] args) {
        System.exit(FerryCommand.run(args, System.out, System.err));
    }
}
