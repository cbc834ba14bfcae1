package nusi.bounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import nusi.grid.EnergyGrid;
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
    private final LogRange masses = new LogRange("--log-m-min", "--log-m-max", "--masses", -6, 0, 7);

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
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--resume");
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

    @Test
    void badRangesAreRejectedNamingTheOption() {
        assertThatThrownBy(() -> new LogRange("--log-m-min", "--log-m-max", "--masses", 1, 0, 10))
                .hasMessage("--log-m-max must be > --log-m-min = 1.0, got 0.0");
        assertThatThrownBy(() -> new LogRange("--log-m-min", "--log-m-max", "--masses", -7, 0, 0))
                .hasMessage("--masses must be in [1, 100000], got 0");
        assertThatThrownBy(() -> new LogRange("--log-g-min", "--log-g-max", "--couplings", Double.NaN, 0, 10))
                .hasMessage("--log-g-min must be a finite number, got NaN");
        assertThatThrownBy(() -> new CouplingSearch(1, -1, 0.25, 0.005, 0.01))
                .hasMessage("--log-g-max must be > --log-g-min = 1.0, got -1.0");
    }
}
