package nusi.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import nusi.bounds.CouplingSearch;
import nusi.bounds.LogRange;
import nusi.bounds.PropagationBoundCurve;
import nusi.bounds.PropagationModel;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scan killed after k points and resumed writes the same file as one that ran through. */
class ResumableScanTest {
    // A coarse grid keeps the test fast; the scan machinery does not care.
    private final PropagationModel model = new PropagationModel(nusi.grid.EnergyResolution.single(1e-6, 300, 20),
            RelicMedium.paperDefault(), PinchedSpectrum.paperDefault(), 5.0);
    private final CouplingSearch search = new CouplingSearch(-4, 1, 0.5, 0.01, 0.01);
    private final LogRange masses = LogRange.masses(-6, 0, 7);

    @Test
    void killedAndResumedScanEqualsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight");
        PropagationBoundCurve full = Scans.propagationBound(model, search, masses, Scans.Execution.of(straight, 2, false));
        assertThat(full.points()).hasSize(7);

        Path killed = dir.resolve("killed");
        Scans.Execution first = new Scans.Execution(killed, 1, false, null, 3);
        assertThat(Scans.propagationBound(model, search, masses, first)).as("stopped early").isNull();
        Path journal = killed.resolve(Scans.PROPAGATION_BOUND + ".partial.csv");
        assertThat(Files.readAllLines(journal)).hasSize(1 + 3);
        assertThat(killed.resolve(Scans.PROPAGATION_BOUND + ".csv")).doesNotExist();
        // A kill in the middle of a write leaves a torn last line: it must be ignored and recomputed.
        Files.writeString(journal, "5,-1.0,0.1,-0.", StandardOpenOption.APPEND);

        // Without --resume the unfinished scan is not overwritten.
        assertThatThrownBy(() -> Scans.propagationBound(model, search, masses, Scans.Execution.of(killed, 2, false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rerun with resume");
        // Resuming with other parameters is refused.
        CouplingSearch other = new CouplingSearch(-4, 1, 0.5, 0.02, 0.01);
        assertThatThrownBy(() -> Scans.propagationBound(model, other, masses, Scans.Execution.of(killed, 2, true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other parameters");

        int[] computed = {0};
        ResumableScan.Listener counting = new ResumableScan.Listener() {
            @Override
            public void started(int total, int alreadyDone) {
                assertThat(alreadyDone).isEqualTo(3);
            }

            @Override
            public synchronized void finished(int index) {
                computed[0]++;
            }
        };
        PropagationBoundCurve resumed = Scans.propagationBound(model, search, masses,
                new Scans.Execution(killed, 2, true, counting, -1));
        assertThat(computed[0]).as("only the missing points are computed").isEqualTo(4);
        assertThat(resumed.points()).isEqualTo(full.points());
        assertThat(Files.readString(killed.resolve(Scans.PROPAGATION_BOUND + ".csv")))
                .isEqualTo(Files.readString(straight.resolve(Scans.PROPAGATION_BOUND + ".csv")));
        assertThat(journal).doesNotExist();
    }

    @Test
    void aScanThatFinishedNoPointDoesNotBlockTheNextRun(@TempDir Path dir) {
        ResumableScan.Plan plan = new ResumableScan.Plan(dir, "squares", java.util.List.of("x", "x_squared"),
                nusi.io.Json.object().put("n", 4), 4);
        assertThatThrownBy(() -> ResumableScan.run(plan, i -> {
            throw new IllegalArgumentException("--option too few");
        }, 1, false, ResumableScan.Listener.NONE, -1)).hasMessage("--option too few");
        var rows = ResumableScan.run(plan, i -> java.util.List.of(Integer.toString(i), Integer.toString(i * i)), 2,
                false, ResumableScan.Listener.NONE, -1);
        assertThat(rows).hasSize(4);
        assertThat(rows.get(3)).containsExactly("3", "9");
    }

    private static ResumableScan.Plan squares(Path dir) {
        return new ResumableScan.Plan(dir, "squares", java.util.List.of("x", "x_squared"),
                nusi.io.Json.object().put("n", 4), 4);
    }

    private static java.util.List<String> square(int i) {
        return java.util.List.of(Integer.toString(i), Integer.toString(i * i));
    }

    /** A journal damaged otherwise than by a torn last line is refused naming the file and line. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "garbage    | x,y,z!                  | index 'x' is not an integer",
        "empty      | ''                      | empty line",
        "bad index  | 9,3,9                   | index 9 outside [0, 3]",
        "not an int | a,1,1                   | index 'a' is not an integer",
        "duplicate  | 0,0,0                   | index 0 appears twice",
        "truncated  | 1,1                     | 2 cells, expected 3",
    })
    void aDamagedJournalIsRefusedNamingTheLine(String what, String line, String problem, @TempDir Path dir)
            throws Exception {
        ResumableScan.Plan plan = squares(dir);
        assertThat(ResumableScan.run(plan, ResumableScanTest::square, 1, false, ResumableScan.Listener.NONE, 1))
                .isNull();
        Path journal = dir.resolve("squares.partial.csv");
        Files.writeString(journal, line + "\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> ResumableScan.run(plan, ResumableScanTest::square, 1, true,
                ResumableScan.Listener.NONE, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(journal + " line 3: " + problem)
                .hasMessageContaining("repair or delete that line");
        assertThat(dir.resolve("squares.csv")).as("nothing written as final").doesNotExist();
    }

    @Test
    void aSecondScanIntoTheSameFolderIsRefusedWhileTheFirstRuns(@TempDir Path dir) throws Exception {
        ResumableScan.Plan plan = squares(dir);
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread first = new Thread(() -> ResumableScan.run(plan, i -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return square(i);
        }, 1, false, ResumableScan.Listener.NONE, -1));
        first.start();
        assertThat(inside.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> ResumableScan.run(squares(dir), ResumableScanTest::square, 1, true,
                ResumableScan.Listener.NONE, -1))
                .hasMessage(dir + " is in use by another scan (it holds the lock " + dir.resolve(".scan.lock")
                        + "): wait for that scan to finish, or choose another output folder");
        release.countDown();
        first.join(20_000);
        // The first scan finished every point; the lock is free again.
        assertThat(Files.readAllLines(dir.resolve("squares.csv"))).containsExactly("index,x,x_squared", "0,0,0",
                "1,1,1", "2,2,4", "3,3,9");
        assertThat(ResumableScan.run(squares(dir), ResumableScanTest::square, 1, true, ResumableScan.Listener.NONE,
                -1)).hasSize(4);
    }

    @Test
    void resumingWithOtherParametersNamesTheOnesThatDiffer(@TempDir Path dir) {
        ResumableScan.Plan plan = new ResumableScan.Plan(dir, "squares", java.util.List.of("x", "x_squared"),
                nusi.io.Json.object().put("n", 4).put("fraction", 0.01), 4);
        assertThat(ResumableScan.run(plan, ResumableScanTest::square, 1, false, ResumableScan.Listener.NONE, 1))
                .isNull();
        ResumableScan.Plan other = new ResumableScan.Plan(dir, "squares", java.util.List.of("x", "x_squared"),
                nusi.io.Json.object().put("n", 4).put("fraction", 0.02), 4);
        assertThatThrownBy(() -> ResumableScan.run(other, ResumableScanTest::square, 1, true,
                ResumableScan.Listener.NONE, -1))
                .hasMessage("resume: the scan in " + dir + " was made with other parameters: fraction: was 0.01, "
                        + "now 0.02; use the same options or another output folder");
    }

    @Test
    void badRangesAreRejectedNamingTheOption() {
        assertThatThrownBy(() -> LogRange.masses(1, 0, 10))
                .hasMessage("highest log10(M/MeV) of the scan must be > lowest log10(M/MeV) of the scan = 1.0, got 0.0");
        assertThatThrownBy(() -> LogRange.masses(-7, 0, 0))
                .hasMessage("number of mediator masses of the scan must be in [1, 100000], got 0");
        assertThatThrownBy(() -> LogRange.couplings(Double.NaN, 0, 10))
                .hasMessage("lowest log10 g of the scan must be a finite number, got NaN");
        // The library names the parameter by its physics name (the command line shows --log-g-max: OptionNamesTest).
        assertThatThrownBy(() -> new CouplingSearch(1, -1, 0.25, 0.005, 0.01))
                .hasMessage("highest log10 g of the scan must be > lowest log10 g of the scan = 1.0, got -1.0");
    }
}
