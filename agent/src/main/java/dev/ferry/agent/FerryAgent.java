package dev.ferry.agent;

import dev.ferry.agent.rewrite.AsmClassRewriter;
import dev.ferry.runtime.engine.Tasks;
import java.lang.instrument.Instrumentation;

/**
 * {@code java -javaagent:ferry-agent.jar}: installs Ferry's class rewriter as the engine's default,
 * so that every task started in this JVM has its classes rewritten for capture. Task classes are
 * rewritten by each task's own class loader as it defines them; the JDK, Ferry and every other class
 * of the host JVM are never touched.
 */
public final class FerryAgent {
    private FerryAgent() {
    }

    /** The agent entry point. */
    public static void premain(String options, Instrumentation instrumentation) {
        Tasks.installRewriter(new AsmClassRewriter());
    }

    /** {@code java -jar ferry-agent.jar}: runs the command line tool. */
    public static void main(String[] args) throws Exception {
        System.exit(FerryCommand.run(args, System.out, System.err));
    }
}
