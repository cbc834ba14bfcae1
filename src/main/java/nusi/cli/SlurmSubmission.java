package nusi.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import nusi.io.AtomicFiles;

/**
 * `scan submit --slurm`: a sharded scan as a Slurm job array (one task per shard, at most P at once) plus a merge
 * job that runs after all tasks succeed (afterok, with --kill-on-invalid-dep=yes so that a failed task cancels it
 * instead of leaving it pending forever). The scripts are written to DIR/slurm/ first (a template for users who
 * write their own); each task resumes its shard's journal, so a failed or killed task is resubmitted by submitting
 * again. Jobs run the tool with this JVM and class path (jobs inherit the environment, shared/slurm.md).
 */
final class SlurmSubmission {
    private SlurmSubmission() {
    }

    /** What to submit: the scan kind, its options (as given), the shards, the parallelism and sbatch's options. */
    record Plan(String kind, List<String> scanOptions, Path out, int shards, int parallel, List<String> sbatchOptions) {
    }

    /** The Java command line of this tool: this JVM, this class path, the main class. */
    static List<String> javaCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xmx3g", "-Djava.awt.headless=true", "-cp", classPath(), Main.class.getName());
    }

    /** The class path, with a manifest-only jar (as surefire uses) expanded. */
    static String classPath() {
        List<String> parts = new ArrayList<>();
        for (String p : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (p.endsWith(".jar")) {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(p)) {
                    String cp = jar.getManifest() == null ? null
                            : jar.getManifest().getMainAttributes().getValue("Class-Path");
                    if (cp != null && p.contains("surefire")) {
                        for (String u : cp.split(" ")) {
                            if (!u.isBlank()) {
                                parts.add(Path.of(java.net.URI.create(u)).toString());
                            }
                        }
                    }
                } catch (IOException | IllegalArgumentException e) {
                    // not a readable jar: keep it as it is
                }
            }
            parts.add(Path.of(p).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static String arrayScript(Plan p) {
        Path logs = p.out().toAbsolutePath().resolve("slurm");
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.add("scan");
        cmd.add(p.kind());
        cmd.addAll(p.scanOptions());
        StringBuilder sb = new StringBuilder("#!/bin/bash\n");
        sb.append("# One shard of a nusi-transport scan per array task (written by `scan submit --slurm`).\n");
        sb.append("#SBATCH --job-name=nusi-").append(p.kind()).append('\n');
        sb.append("#SBATCH --output=").append(logs.resolve(p.kind() + "-%A_%a.log")).append('\n');
        sb.append("set -euo pipefail\n");
        sb.append("exec");
        for (String c : cmd) {
            sb.append(' ').append(quote(c));
        }
        sb.append(" --shard \"${SLURM_ARRAY_TASK_ID}/").append(p.shards()).append("\" --resume --no-progress --out ")
                .append(quote(p.out().toAbsolutePath().toString())).append('\n');
        return sb.toString();
    }

    static String mergeScript(Plan p) {
        Path logs = p.out().toAbsolutePath().resolve("slurm");
        StringBuilder sb = new StringBuilder("#!/bin/bash\n");
        sb.append("# Combines the finished shards (written by `scan submit --slurm`; runs after all tasks succeed).\n");
        sb.append("#SBATCH --job-name=nusi-merge\n");
        sb.append("#SBATCH --output=").append(logs.resolve("merge-%j.log")).append('\n');
        sb.append("set -euo pipefail\n");
        sb.append("exec");
        for (String c : javaCommand()) {
            sb.append(' ').append(quote(c));
        }
        sb.append(" scan merge --out ").append(quote(p.out().toAbsolutePath().toString())).append('\n');
        return sb.toString();
    }

    static List<String> arraySubmit(Plan p, Path script) {
        List<String> c = new ArrayList<>(List.of("sbatch", "--parsable",
                String.format(Locale.ROOT, "--array=0-%d%%%d", p.shards() - 1, p.parallel())));
        c.addAll(p.sbatchOptions());
        c.add(script.toString());
        return c;
    }

    static List<String> mergeSubmit(Plan p, String arrayJob, Path script) {
        List<String> c = new ArrayList<>(List.of("sbatch", "--parsable", "--dependency=afterok:" + arrayJob,
                "--kill-on-invalid-dep=yes"));
        c.addAll(p.sbatchOptions());
        c.add(script.toString());
        return c;
    }

    /** Writes the scripts, then (unless dryRun) submits both jobs; returns {array job id, merge job id}. */
    static String[] submit(Plan p, boolean dryRun, java.io.PrintWriter stdout) {
        Path dir = p.out().toAbsolutePath().resolve("slurm");
        Path array = dir.resolve(p.kind() + "-array.sh");
        Path merge = dir.resolve("merge.sh");
        String arrayText = arrayScript(p);
        String mergeText = mergeScript(p);
        if (dryRun) {
            stdout.println("# " + array);
            stdout.print(arrayText);
            stdout.println("# " + merge);
            stdout.print(mergeText);
            stdout.println("# would run: " + String.join(" ", arraySubmit(p, array)));
            stdout.println("# then:      " + String.join(" ", mergeSubmit(p, "<array job id>", merge)));
            return null;
        }
        AtomicFiles.writeString(array, arrayText);
        AtomicFiles.writeString(merge, mergeText);
        String arrayJob = sbatch(arraySubmit(p, array));
        String mergeJob = sbatch(mergeSubmit(p, arrayJob, merge));
        stdout.printf(Locale.ROOT, "submitted array job %s (%d tasks, at most %d at once) and merge job %s (after all "
                        + "succeed; cancelled if one fails)%nresults: %s (scan merge); logs: %s; a failed or killed task "
                        + "resumes from its journal when submitted again%n", arrayJob, p.shards(), p.parallel(),
                mergeJob, p.out().toAbsolutePath(), dir);
        return new String[]{arrayJob, mergeJob};
    }

    private static String sbatch(List<String> command) {
        try {
            Process proc = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!proc.waitFor(60, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                throw new UserError("sbatch did not answer within 60 s: is slurmctld running?");
            }
            if (proc.exitValue() != 0) {
                throw new UserError("sbatch failed (exit " + proc.exitValue() + "): " + Main.oneLine(out));
            }
            String id = out.lines().reduce((a, b) -> b).orElse("").split(";")[0].trim();
            if (!id.matches("\\d+")) {
                throw new UserError("sbatch printed no job id: " + Main.oneLine(out));
            }
            return id;
        } catch (IOException e) {
            throw new UserError("--slurm: cannot run sbatch (" + e.getMessage() + "): is Slurm's client installed?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while submitting");
        }
    }
}
