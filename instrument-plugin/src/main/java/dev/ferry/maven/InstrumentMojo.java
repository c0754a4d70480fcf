package dev.ferry.maven;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Rewrites the project's compiled classes for capture and resume, in place, with the rewriter the
 * Ferry agent uses, and marks each with the engine version and the fingerprint of the class as
 * compiled. The agent then defines them as they are. Classes already instrumented by an earlier
 * build and not recompiled since are skipped. See {@code docs/instrument-plugin.md}.
 */
@Mojo(name = "instrument", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME)
public class InstrumentMojo extends AbstractMojo {
    /** The directory of class files to rewrite in place. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
    private File classesDirectory;

    /**
     * The task's class path, as the rewriter must see it: the project's classes and its runtime
     * libraries. A call into any of them is a call into task code (the agent rewrites them as they
     * load), which decides where a frame can be captured.
     */
    @Parameter(defaultValue = "${project.runtimeClasspathElements}", readonly = true, required = true)
    private List<String> classpathElements;

    /**
     * The compile class path: what is on it but not on the runtime class path ({@code provided}
     * dependencies) the host JVM provides; the rewriter reads it for the class hierarchy only.
     */
    @Parameter(defaultValue = "${project.compileClasspathElements}", readonly = true, required = true)
    private List<String> compileClasspathElements;

    /**
     * Classes to instrument, by binary name: {@code **} matches anything, {@code *} anything but a
     * dot, {@code ?} one character but a dot (e.g. {@code com.acme.jobs.**}). Default: every class.
     */
    @Parameter
    private List<String> includes = new ArrayList<>();

    /** Classes to leave as compiled, in the same form as {@code includes}; the agent rewrites them as they load. */
    @Parameter
    private List<String> excludes = new ArrayList<>();

    /**
     * Whether a class that cannot be rewritten fails the build (with the class and the reason). If
     * false, it is reported as a warning and left as compiled.
     */
    @Parameter(property = "ferry.instrument.failOnError", defaultValue = "true")
    private boolean failOnError;

    /** Skips the goal. */
    @Parameter(property = "ferry.instrument.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("ferry: instrumentation skipped (ferry.instrument.skip)");
            return;
        }
        ClassNamePatterns patterns;
        try {
            patterns = new ClassNamePatterns(includes, excludes);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("ferry: " + e.getMessage());
        }
        Instrumenter.Report report;
        try {
            report = new Instrumenter(classesDirectory.toPath(), paths(classpathElements), paths(compileClasspathElements),
                    patterns).run();
        } catch (Instrumenter.StaleClassException e) {
            throw new MojoFailureException("ferry: " + e.getMessage());
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new MojoExecutionException("ferry: cannot instrument " + classesDirectory + ": " + e.getMessage(), e);
        }
        String failures = report.failures().stream().map(f -> "  " + f.className() + ": " + f.reason())
                .collect(Collectors.joining("\n"));
        if (!report.failures().isEmpty() && failOnError) {
            throw new MojoFailureException("ferry: " + report.failures().size() + " class(es) in " + classesDirectory
                    + " could not be rewritten:\n" + failures + "\nFix or exclude them (<excludes>), or set"
                    + " <failOnError>false</failOnError> to leave them as compiled.");
        }
        if (!report.failures().isEmpty()) {
            getLog().warn("ferry: left as compiled, could not be rewritten:\n" + failures);
        }
        getLog().info("ferry: " + report.summary() + " in " + classesDirectory);
    }

    private static List<java.nio.file.Path> paths(List<String> elements) {
        return elements.stream().map(e -> new File(e).toPath()).toList();
    }
}
