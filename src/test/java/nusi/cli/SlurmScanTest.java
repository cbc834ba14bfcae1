package nusi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `scan submit --slurm` against a real one-node Slurm, which `./run.sh test` starts (scripts/slurm-local.sh) and
 * points SLURM_CONF at. Without it these tests fail, saying so: they are never skipped.
 */
class SlurmScanTest {
    static final String[] SCAN = {"--masses", "5", "--log-m-min", "-7", "--log-m-max", "-2", "--bins-per-decade",
        "10", "--extrapolation-levels", "1"};

    @BeforeAll
    static void slurmIsRunning() throws Exception {
        String conf = System.getenv("SLURM_CONF");
        if (conf == null || !Files.exists(Path.of(conf))) {
            throw new AssertionError("no running Slurm (SLURM_CONF unset): ./run.sh test starts one with "
                    + "scripts/slurm-local.sh");
        }
        assertThat(run("sinfo", "-h", "-o", "%T")).as("sinfo").contains("idle");
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    static String[] submit(Path out, String... more) {
        String[] head = {"scan", "submit", "--slurm", "--kind", "propagation", "--shards", "3", "--parallel", "2"};
        String[] args = new String[head.length + SCAN.length + more.length + 2];
        System.arraycopy(head, 0, args, 0, head.length);
        System.arraycopy(SCAN, 0, args, head.length, SCAN.length);
        System.arraycopy(more, 0, args, head.length + SCAN.length, more.length);
        args[args.length - 2] = "--out";
        args[args.length - 1] = out.toString();
        CliErrorsTest.Outcome o = CliErrorsTest.run(args);
        assertThat(o.code()).as(o.err()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("array job (\\d+) .* merge job (\\d+)")
                .matcher(o.out());
        assertThat(m.find()).as(o.out()).isTrue();
        return new String[]{m.group(1), m.group(2)};
    }

    /** Waits until the job has left the queue or finished; returns its state (or "GONE"). */
    static String waitForEnd(String job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String s = run("scontrol", "show", "job", job);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("JobState=(\\w+)").matcher(s);
            if (!m.find()) {
                return "GONE";
            }
            String state = m.group(1);
            if (!state.equals("PENDING") && !state.equals("RUNNING") && !state.equals("CONFIGURING")
                    && !state.equals("COMPLETING")) {
                return state;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("job " + job + " did not end within 120 s: " + run("squeue", "-t", "all"));
    }

    static String logs(Path out) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(out.resolve("slurm"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                sb.append("--- ").append(f.getFileName()).append('\n').append(Files.readString(f));
            }
        }
        return sb.toString();
    }

    static Path unsharded(Path dir) {
        Path whole = dir.resolve("whole");
        String[] args = new String[2 + SCAN.length + 3];
        args[0] = "scan";
        args[1] = "propagation";
        System.arraycopy(SCAN, 0, args, 2, SCAN.length);
        args[2 + SCAN.length] = "--no-progress";
        args[3 + SCAN.length] = "--out";
        args[4 + SCAN.length] = whole.toString();
        assertThat(CliErrorsTest.run(args).code()).isZero();
        return whole.resolve("propagation_bound.csv");
    }

    @Test
    void aSubmittedShardedScanMergesToTheUnshardedFileAndAKilledTaskLosesNothing(@TempDir Path dir) throws Exception {
        Path reference = unsharded(dir);
        Path out = dir.resolve("cluster");
        // A task killed mid-way: shard 1 has one finished point and a torn line in its journal.
        Files.createDirectories(out);
        nusi.io.Scans.propagationBound(new nusi.bounds.PropagationModel(nusi.grid.EnergyResolution.single(1e-6, 300,
                        10), nusi.physics.RelicMedium.paperDefault(), nusi.physics.PinchedSpectrum.paperDefault(), 5.0),
                nusi.bounds.CouplingSearch.paperDefault(), nusi.bounds.LogRange.masses(-7, -2, 5), new nusi.io.Scans.Execution(out, 1, false, null, 1).withShard(1, 3));
        Path journal = out.resolve("propagation_bound.shard-1-of-3.partial.csv");
        assertThat(Files.readAllLines(journal)).hasSize(2);
        String kept = Files.readAllLines(journal).get(1);
        Files.writeString(journal, "4,-2.0,0.01,", StandardOpenOption.APPEND);

        String[] jobs = submit(out);
        assertThat(waitForEnd(jobs[1])).as("merge job; logs:%n%s", logs(out)).isIn("COMPLETED", "GONE");
        assertThat(Files.readString(out.resolve("propagation_bound.csv"))).isEqualTo(Files.readString(reference));
        // the point finished before the kill is in the shard's result as it was
        assertThat(Files.readAllLines(out.resolve("propagation_bound.shard-1-of-3.csv"))).contains(kept);
        assertThat(out.resolve("summary.json")).exists();
    }

    @Test
    void aFailingTaskCancelsTheMergeJobWithAClearMessage(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("failing");
        Files.createDirectories(out);
        // shard 0's journal is damaged: its task refuses it in one line and exits 2
        Files.writeString(out.resolve("propagation_bound.shard-0-of-3.partial.csv"),
                "index,log10_M_MeV,M_MeV,log10_g_bound,g_bound,status,max_F_below_bound,F_evaluations\ngarbage\n");
        String[] jobs = submit(out);
        assertThat(waitForEnd(jobs[1])).as("the merge job is cancelled, not left pending").isIn("CANCELLED", "GONE");
        assertThat(out.resolve("propagation_bound.csv")).doesNotExist();
        String log = Files.readString(out.resolve("slurm").resolve("propagation-" + jobs[0] + "_0.log"));
        assertThat(log).contains("error: ").contains("propagation_bound.shard-0-of-3.partial.csv line 2");
    }
}
