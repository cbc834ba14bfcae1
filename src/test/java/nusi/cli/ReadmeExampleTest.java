package nusi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import nusi.bounds.PropagationModel;
import nusi.physics.Mediator;
import org.junit.jupiter.api.Test;

/** The README's Java block runs as written (JShell, in this JVM) and prints what the library computes. */
class ReadmeExampleTest {
    @Test
    void theReadmeJavaExampleRunsAndPrintsTheLibrarysNumbers() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("```java\n");
        assertThat(start).as("README has a ```java block").isNotNegative();
        String code = readme.substring(start + 8, readme.indexOf("```", start + 8));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<String> problems = new ArrayList<>();
        PrintStream stdout = System.out;
        // The local engine runs snippets in this JVM: their System.out is ours, captured here.
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            shell.addToClasspath(classPath());
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            String rest = code;
            while (!rest.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
                for (SnippetEvent e : shell.eval(info.source())) {
                    if (e.status() == Snippet.Status.REJECTED || e.exception() != null) {
                        problems.add(info.source().trim() + " -> " + e.status() + " "
                                + (e.exception() != null ? e.exception() : shell.diagnostics(e.snippet()).toList()));
                    }
                }
                rest = info.remaining();
            }
        } finally {
            System.setOut(stdout);
        }
        assertThat(problems).isEmpty();
        String out = printed.toString(StandardCharsets.UTF_8);
        double f = PropagationModel.paperDefault().fractionAboveThreshold(Mediator.ofLog10(-3.5, -1.75));
        assertThat(out).startsWith(String.format(java.util.Locale.ROOT, "F = %.4e, log10 g* = -1.966, 2D: F = ", f));
    }

    /** The test JVM's class path (surefire may pass it through a manifest-only jar). */
    static String classPath() throws Exception {
        String cp = System.getProperty("java.class.path");
        List<String> parts = new ArrayList<>();
        for (String p : cp.split(java.io.File.pathSeparator)) {
            if (p.endsWith(".jar") && p.contains("surefire")) {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(p)) {
                    String manifestCp = jar.getManifest().getMainAttributes().getValue("Class-Path");
                    if (manifestCp != null) {
                        for (String u : manifestCp.split(" ")) {
                            if (!u.isBlank()) {
                                parts.add(Path.of(new java.net.URI(u)).toString());
                            }
                        }
                    }
                }
            }
            parts.add(p);
        }
        return String.join(java.io.File.pathSeparator, parts);
    }
}
