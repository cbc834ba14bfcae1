package nusi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import nusi.io.CsvTable;
import nusi.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** propagate --solver 2d writes what the issue promises, and agrees with the energy-only solver on F. */
class PropagateCommandTest {
    @Test
    void energyAngleRunWritesResultSpectraHeatMapAndConfig(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("p2d");
        CliErrorsTest.Outcome o = CliErrorsTest.run("propagate", "--log-m", "-3.5", "--log-g", "-1.75", "--solver", "2d",
                "--energy-bins", "40", "--angle-bins", "12", "--distances-kpc", "10,25", "--moments", "--out",
                out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        JsonNode r = Json.read(out.resolve("result.json"));
        for (String field : new String[]{"fractionAboveThreshold", "log10M", "log10g", "grid", "meanAngleAboveThresholdRad",
            "errorEstimate", "integrator", "sweeps", "backend", "distancesKpc"}) {
            assertThat(r.has(field)).as(field).isTrue();
        }
        assertThat(r.get("solver").asText()).isEqualTo("2d");
        assertThat(r.get("integrator").asText()).isEqualTo("cram48");
        // 10, 25 and 50 kpc: 24 complex sweeps each
        assertThat(r.get("sweeps").asInt()).isEqualTo(72);
        CsvTable distances = CsvTable.read(out.resolve("distances.csv"));
        assertThat(distances.columns()).containsExactly("distance_kpc", "fraction_above_threshold",
                "mean_angle_above_threshold_rad", "unscattered_fraction");
        assertThat(distances.size()).isEqualTo(3);
        // The unscattered fraction only falls with distance; the row at 50 kpc is the run's own result.
        assertThat(distances.rows().get(0)[3]).isGreaterThan(distances.rows().get(1)[3]);
        assertThat(distances.rows().get(1)[3]).isGreaterThan(distances.rows().get(2)[3]);
        assertThat(distances.rows().get(2)[1]).isEqualTo(r.get("fractionAboveThreshold").asDouble());
        assertThat(Files.exists(out.resolve("distance_10kpc").resolve("spectrum2d.csv"))).isTrue();
        // The grid's mean angle per bin next to the exact moment (1/cos on here: they differ by ~theta^2 tau).
        CsvTable mean = CsvTable.read(out.resolve("mean_angle_per_bin.csv"));
        assertThat(mean.columns()).containsExactly("E_low_MeV", "E_high_MeV", "count_per_emitted",
                "mean_angle_grid_rad", "mean_angle_exact_rad");
        assertThat(mean.size()).isEqualTo(40);
        // The exact moments: the planar picture's angles and delays exceed the 3D ones (angles only add there), and
        // the point source's delays are shorter than the slab's.
        CsvTable moments = CsvTable.read(out.resolve("moments.csv"));
        assertThat(moments.size()).isEqualTo(40);
        assertThat(moments.columns()).contains("mean_delay_planar_slab_s", "rms_arrival_angle_3d_point_rad");
        JsonNode mo = r.get("momentsAboveThreshold");
        assertThat(mo.get("meanDelayPlanarSlab").asDouble()).isGreaterThan(mo.get("meanDelay3dSlab").asDouble());
        assertThat(mo.get("meanDelay3dSlab").asDouble()).isGreaterThan(mo.get("meanDelay3dPoint").asDouble())
                .isPositive();
        assertThat(mo.get("rmsAnglePlanarSlab").asDouble()).isGreaterThan(mo.get("rmsAngle3dSlab").asDouble());
        assertThat(r.get("grid").get("energyBins").asInt()).isEqualTo(40);
        assertThat(r.get("grid").get("angleCells").asInt()).isEqualTo(12);
        CsvTable cells = CsvTable.read(out.resolve("spectrum2d.csv"));
        assertThat(cells.columns()).containsExactly("E_low_MeV", "E_high_MeV", "theta_node_rad", "theta_low_rad",
                "theta_high_rad", "one_minus_cos_theta_node", "percent_of_emitted");
        assertThat(cells.size()).isEqualTo(40 * 12);
        double percent = 0;
        for (double[] row : cells.rows()) {
            percent += row[6];
        }
        double outflow = r.get("outflowBelowGrid").asDouble();
        // Number: what is on the grid plus what left below it grew from 100 % by the scatterings; both positive.
        assertThat(percent).isGreaterThan(100.0);
        assertThat(outflow).isGreaterThanOrEqualTo(0.0);
        for (String png : new String[]{"fig3_right_energy_angle.png", "spectrum.png"}) {
            BufferedImage img = ImageIO.read(out.resolve(png).toFile());
            assertThat(img).as(png).isNotNull();
            assertThat(img.getWidth()).isGreaterThan(500);
        }
        assertThat(Files.size(out.resolve("spectrum.csv"))).isPositive();
        assertThat(Json.read(out.resolve("config.json")).get("options").get("angle-bins").asInt()).isEqualTo(12);
    }

    @Test
    void trBdf2RunRecordsItsToleranceAndSteps(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("p2d-trbdf2");
        CliErrorsTest.Outcome o = CliErrorsTest.run("propagate", "--log-m", "-3.5", "--log-g", "-1.75", "--solver", "2d",
                "--energy-bins", "24", "--angle-bins", "8", "--integrator", "trbdf2", "--tolerance", "1e-4", "--out",
                out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        JsonNode r = Json.read(out.resolve("result.json"));
        assertThat(r.get("integrator").asText()).isEqualTo("trbdf2");
        assertThat(r.get("tolerance").asDouble()).isEqualTo(1e-4);
        assertThat(r.get("errorEstimate").asDouble()).isBetween(0.0, 1e-4);
        assertThat(r.get("finalSteps").asInt()).isPositive();
    }

    /**
     * Dirac neutrinos in the Lagrangian from the command line, both solvers: the energy-only F is the library's
     * (PropagationModel in the Dirac convention, relic nu and nubar each at 56.65 cm^-3, not halved), above the
     * Majorana model's at the same coupling where s >> M^2 and the attenuation sets F (Dirac's total cross section
     * tends to 4.5 times the s-channel's, Majorana's to 6: DiracChannelsTest);
     * the energy-angle run's angle-integrated F (1/cos off) is the energy-only cascades' on its grid.
     */
    @Test
    void diracRunsInBothSolvers(@TempDir Path dir) throws Exception {
        Path one = dir.resolve("1d");
        CliErrorsTest.Outcome o = CliErrorsTest.run("propagate", "--log-m", "-3.5", "--log-g", "-1.6", "--convention",
                "lagrangian", "--dirac", "--channels", "stu", "--bins-per-decade", "20", "--out", one.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("s-, t- and u-channels, Dirac (active neutrinos)");
        JsonNode r = Json.read(one.resolve("result.json"));
        nusi.physics.RelicMedium medium = new nusi.physics.RelicMedium(5e-8, 56.65, false, 50, true);
        nusi.bounds.PropagationModel model = new nusi.bounds.PropagationModel(new nusi.grid.EnergyResolution(
                nusi.grid.EnergyResolution.defaults().minEnergy(), nusi.grid.EnergyResolution.defaults().maxEnergy(),
                20, nusi.grid.EnergyResolution.defaults().extrapolationLevels()), medium, nusi.physics.PinchedSpectrum.paperDefault(),
                5, nusi.physics.Mediator.Convention.LAGRANGIAN_DIRAC, null, nusi.physics.Channels.STU);
        double library = model.fractionAboveThreshold(-3.5, -1.6);
        // measured: 0 apart (the same computation; what is tested is the options' reading)
        assertThat(r.get("fractionAboveThreshold").asDouble() / library - 1).isCloseTo(0, within(1e-12));
        double majorana = model.withConvention(nusi.physics.Mediator.Convention.LAGRANGIAN)
                .fractionAboveThreshold(-3.5, -1.6);
        // measured: 4.5e-9 against 1.2e-10 (E_res = 1 MeV, threshold 5 MeV)
        assertThat(r.get("fractionAboveThreshold").asDouble()).isGreaterThan(10 * majorana);

        Path two = dir.resolve("2d");
        o = CliErrorsTest.run("propagate", "--log-m", "-3.5", "--log-g", "-1.6", "--convention", "lagrangian",
                "--dirac", "--channels", "stu", "--solver", "2d", "--no-secant", "--energy-bins", "40",
                "--angle-bins", "12", "--e-min", "1e-5", "--out", two.toString());
        assertThat(o.code()).as(o.err()).isZero();
        nusi.grid.EnergyGrid eg = nusi.grid.EnergyGrid.logSpaced(1e-5, 300, 40);
        double f1 = eg.countAbove(nusi.transport.ChannelsEnergyOperator.activeCounts(eg,
                nusi.physics.Mediator.ofLog10(-3.5, -1.6, nusi.physics.Mediator.Convention.LAGRANGIAN_DIRAC),
                nusi.physics.Channels.STU, medium.withSecantFactor(false),
                nusi.transport.ExactEnergyPropagator.initialCounts(eg, nusi.physics.PinchedSpectrum.paperDefault()),
                nusi.physics.Parameter.ENERGY_BINS), 5);
        // measured: 3.2e-15 apart
        assertThat(Json.read(two.resolve("result.json")).get("fractionAboveThreshold").asDouble() / f1 - 1)
                .isCloseTo(0, within(1e-14));

        // the 3D point source: its energy spectrum does not depend on the deflections (CRAM per step in x), so its F
        // is the same; its mean-angle table has no exact column (no moment chain for two species)
        Path three = dir.resolve("3d_point");
        o = CliErrorsTest.run("propagate", "--log-m", "-3.5", "--log-g", "-1.6", "--convention", "lagrangian",
                "--dirac", "--channels", "stu", "--solver", "2d", "--deflection", "3d", "--geometry", "point",
                "--x-steps", "4", "--energy-bins", "40", "--angle-bins", "12", "--e-min", "1e-5", "--out",
                three.toString());
        assertThat(o.code()).as(o.err()).isZero();
        // measured: 6.0e-14 apart (rounding of CRAM-48 over the point source's ~60 steps in x)
        assertThat(Json.read(three.resolve("result.json")).get("fractionAboveThreshold").asDouble() / f1 - 1)
                .isCloseTo(0, within(1e-12));
    }

    /**
     * The energy-angle solver with the s-, t- and u-channels from the command line: its angle-integrated F (1/cos off)
     * equals the energy-only general triangle's on the same grid, its grid mean angle per bin the exact chain's (the
     * linear split keeps each transfer's mean angle; above 2 MeV, where almost nothing is beyond theta_max), and the
     * tracked outflow carries energy (no injected energy).
     */
    @Test
    void energyAngleRunWithAllChannelsMatchesTheEnergyOnlySolver(@TempDir Path dir) throws Exception {
        CliErrorsTest.Outcome o = CliErrorsTest.run("propagate", "--log-m", "-3.5", "--log-g", "-2", "--convention",
                "lagrangian", "--channels", "stu", "--solver", "2d", "--no-secant", "--energy-bins", "40",
                "--angle-bins", "12", "--e-min", "1e-5", "--out", dir.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("2d solver, s-, t- and u-channels");
        JsonNode r = Json.read(dir.resolve("result.json"));
        assertThat(r.get("channels").asText()).isEqualTo("stu");
        nusi.physics.ChannelsCrossSection xs = new nusi.physics.ChannelsCrossSection(nusi.physics.Mediator.ofLog10(-3.5,
                -2, nusi.physics.Mediator.Convention.LAGRANGIAN), 5e-8, nusi.physics.Channels.STU);
        nusi.grid.EnergyGrid eg = nusi.grid.EnergyGrid.logSpaced(1e-5, 300, 40);
        nusi.physics.RelicMedium medium = new nusi.physics.RelicMedium(5e-8, 56.65, false, 50, false);
        double f1 = nusi.transport.ChannelsEnergyOperator.build(eg, xs, medium.columnDensity())
                .fractionAboveThreshold(nusi.transport.ExactEnergyPropagator.initialCounts(eg,
                        nusi.physics.PinchedSpectrum.paperDefault()), 5);
        // measured: 4.7e-16 apart
        assertThat(r.get("fractionAboveThreshold").asDouble() / f1 - 1).isCloseTo(0, within(1e-14));
        assertThat(r.get("outflowEnergyMeV").asDouble()).isPositive();
        assertThat(r.get("injectedEnergyMeV").asDouble()).isZero();
        // measured: within 2.1e-15 relative (below 2 MeV the counts beyond theta_max take their angle along)
        assertThat(binsAgreeing(CsvTable.read(dir.resolve("mean_angle_per_bin.csv")), 2, 1e-13)).isEqualTo(10);
    }

    /**
     * The energy-angle solver in three dimensions from the command line: rms_angle_per_bin.csv holds the grid's rms
     * polar angle next to the exact 3D moment, equal where the tail beyond theta_max is negligible; the planar mean
     * angle table is not written (it belongs to the other picture).
     */
    @Test
    void energyAngleRunIn3dWritesTheRmsAngleAgainstTheExactMoment(@TempDir Path dir) throws Exception {
        CliErrorsTest.Outcome o = CliErrorsTest.run("propagate", "--log-m", "-3.5", "--log-g", "-1.75", "--solver", "2d",
                "--deflection", "3d", "--mean-delay", "--no-secant", "--energy-bins", "48", "--angle-bins", "16",
                "--theta-max", "1",
                "--out", dir.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("3D deflection").contains("cpu 3D");
        JsonNode r = Json.read(dir.resolve("result.json"));
        assertThat(r.get("deflection").asText()).isEqualTo("3d");
        assertThat(Files.exists(dir.resolve("mean_angle_per_bin.csv"))).isFalse();
        CsvTable t = CsvTable.read(dir.resolve("rms_angle_per_bin.csv"));
        assertThat(t.columns()).containsExactly("E_low_MeV", "E_high_MeV", "count_per_emitted", "rms_angle_grid_rad",
                "rms_angle_exact_rad");
        // measured: within 4.0e-13 relative above 1e-3 MeV (32 bins)
        assertThat(binsAgreeing(t, 1e-3, 1e-12)).isGreaterThan(20);
        // --mean-delay: the grid's mean delay per bin, which in 3D is the exact moment's; measured within 2.7e-13
        // above 1e-3 MeV (32 bins)
        CsvTable d = CsvTable.read(dir.resolve("mean_delay_per_bin.csv"));
        assertThat(d.columns()).containsExactly("E_low_MeV", "E_high_MeV", "count_per_emitted", "mean_delay_grid_s",
                "mean_delay_exact_s");
        assertThat(binsAgreeing(d, 1e-3, 1e-11)).isGreaterThan(20);
    }

    /**
     * --delay-grid from the command line (3D slab, 1/cos off): summed over delays F is the run's, the node tau = 0 is
     * the no-scattering survival, the mean delay per bin is the exact moment's to the steps' error, and the files and
     * result.json carry the distribution.
     */
    @Test
    void delayGridRunWritesTheDelayDistributionAgainstIndependentPaths(@TempDir Path dir) throws Exception {
        CliErrorsTest.Outcome o = CliErrorsTest.run("propagate", "--log-m", "-3.5", "--log-g", "-1.75", "--solver", "2d",
                "--deflection", "3d", "--no-secant", "--energy-bins", "48", "--angle-bins", "12", "--theta-max", "1",
                "--delay-grid", "24", "--window", "10", "--out", dir.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("delay distribution (3D slab, 24 delay nodes");
        JsonNode r = Json.read(dir.resolve("result.json"));
        JsonNode d = r.get("delayDistribution");
        assertThat(d.get("picture").asText()).isEqualTo("3D slab");
        assertThat(d.get("delayNodes").asInt()).isEqualTo(24);
        double f = r.get("fractionAboveThreshold").asDouble();
        // summed over delays the energy-angle state: measured 1.7e-13 relative (CRAM-16 steps against CRAM-48)
        assertThat(d.get("fractionAboveThreshold").asDouble()).isCloseTo(f, within(1e-12 * f));
        double within = d.get("fractionWithinWindow").asDouble();
        assertThat(within).isGreaterThan(d.get("unscatteredAboveThreshold").asDouble()).isLessThan(f);
        // the grid's mean above threshold against the exact moment, weighted alike: measured +3.2e-2 (steps by 2)
        assertThat(d.get("meanDelayAboveThresholdSeconds").asDouble() / d.get("exactMeanDelayAboveThresholdSeconds")
                .asDouble() - 1).isBetween(0.0, 0.06);

        CsvTable dist = CsvTable.read(dir.resolve("delay_distribution.csv"));
        assertThat(dist.columns()).containsExactly("delay_node_s", "cell_low_s", "cell_high_s",
                "count_above_threshold_per_emitted", "cumulative_above_threshold_per_emitted");
        assertThat(dist.size()).isEqualTo(24);
        assertThat(dist.rows().get(0)[0]).isZero();
        assertThat(dist.rows().get(23)[4]).isCloseTo(f, within(1e-12 * f));

        CsvTable perBin = CsvTable.read(dir.resolve("arrival_delay_per_bin.csv"));
        assertThat(perBin.columns()).containsExactly("E_low_MeV", "E_high_MeV", "count_per_emitted",
                "unscattered_per_emitted", "no_scattering_survival_per_emitted", "within_window_per_emitted",
                "mean_delay_grid_s", "mean_delay_exact_s");
        double largest = perBin.rows().stream().mapToDouble(row -> row[2]).max().orElseThrow();
        int compared = 0;
        for (double[] row : perBin.rows()) {
            // node 0 against exp(-n sigma D) times the emitted count: measured 7e-29 of the largest count (bound: CRAM-16's uniform error)
            assertThat(Math.abs(row[3] - row[4])).isLessThan(1e-13 * largest);
            if (row[2] > 1e-12 && row[0] >= 1e-3) {
                // measured at worst 8.4e-2 (1 - x stepped by 2: DelayCascadeTest)
                assertThat(Math.abs(row[6] / row[7] - 1)).as("bin at %s MeV", row[0]).isLessThan(0.1);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(20);
        assertThat(CsvTable.read(dir.resolve("delay_energy.csv")).size()).isEqualTo(48 * 24);
        BufferedImage png = ImageIO.read(dir.resolve("delay_energy.png").toFile());
        assertThat(png.getWidth()).isEqualTo(1000);
        assertThat(Files.exists(dir.resolve("delay_energy.svg"))).isTrue();
    }

    /**
     * --delay-grid with a 3D point source: the picture recorded, the mean delay above threshold the exact moment's to
     * the steps' error. (Planar, the grid's linear split in beta inflates beta^2 on a coarse angle grid: 2.2x on this
     * one, in --mean-delay's independent path as well; in 3D the split is linear in beta^2 and keeps it.)
     */
    @Test
    void delayGridFromA3dPointSourceMatchesTheExactMeanDelay(@TempDir Path dir) throws Exception {
        CliErrorsTest.Outcome o = CliErrorsTest.run("propagate", "--log-m", "-3.5", "--log-g", "-1.75", "--solver", "2d",
                "--geometry", "point", "--deflection", "3d", "--x-steps", "8", "--energy-bins", "48", "--angle-bins",
                "12", "--theta-max", "1", "--delay-grid", "24", "--out", dir.toString());
        assertThat(o.code()).as(o.err()).isZero();
        JsonNode d = Json.read(dir.resolve("result.json")).get("delayDistribution");
        assertThat(d.get("picture").asText()).isEqualTo("3D point source");
        double grid = d.get("meanDelayAboveThresholdSeconds").asDouble();
        double exact = d.get("exactMeanDelayAboveThresholdSeconds").asDouble();
        // 8 equal steps in x between graded ends: measured 987.7 s against 957.5 s (+3.2 %)
        assertThat(grid / exact - 1).isBetween(0.0, 0.06);
    }

    /** --delay-grid with the s-, t- and u-channels: the run's F summed over delays, the exact mean delay of stu. */
    @Test
    void delayGridWithAllChannelsMatchesTheExactMeanDelay(@TempDir Path dir) throws Exception {
        CliErrorsTest.Outcome o = CliErrorsTest.run("propagate", "--log-m", "-3.5", "--log-g", "-1.45", "--convention",
                "lagrangian", "--channels", "stu", "--solver", "2d", "--deflection", "3d", "--no-secant",
                "--energy-bins", "48", "--angle-bins", "12", "--theta-max", "1", "--delay-grid", "24", "--out",
                dir.toString());
        assertThat(o.code()).as(o.err()).isZero();
        JsonNode r = Json.read(dir.resolve("result.json"));
        JsonNode d = r.get("delayDistribution");
        double f = r.get("fractionAboveThreshold").asDouble();
        // F = 4.6e-21 of the emitted: measured 2.2e-9 relative (1e-29 absolute), CRAM-16's steps against CRAM-48 where
        // CRAM-16 loses relative accuracy far below the total (physics.md)
        assertThat(d.get("fractionAboveThreshold").asDouble()).isCloseTo(f, within(1e-8 * f));
        // measured 1510 s against 1485 s (+1.7 %; steps by 2)
        assertThat(d.get("meanDelayAboveThresholdSeconds").asDouble() / d.get("exactMeanDelayAboveThresholdSeconds")
                .asDouble() - 1).isBetween(0.0, 0.04);
    }

    /**
     * A point source from the command line: the arrival angle per bin against the exact point-source moment, the run's
     * geometry and steps in result.json, 1/cos off.
     */
    @Test
    void pointSourceRunWritesTheArrivalAngleAgainstTheExactMoment(@TempDir Path dir) throws Exception {
        CliErrorsTest.Outcome o = CliErrorsTest.run("propagate", "--log-m", "-2.9", "--log-g", "-2.5", "--solver", "2d",
                "--geometry", "point", "--x-steps", "16", "--energy-bins", "48", "--angle-bins", "24", "--theta-max",
                "1", "--out", dir.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("point source");
        JsonNode r = Json.read(dir.resolve("result.json"));
        assertThat(r.get("geometry").asText()).isEqualTo("point");
        assertThat(r.get("pointSourceStepsInX").asInt()).isEqualTo(16);
        assertThat(r.get("secantFactor").asBoolean()).isFalse();
        // the library test's error at 16 equal steps (1.1e-3 at worst for this point), with room
        assertThat(binsAgreeing(CsvTable.read(dir.resolve("mean_angle_per_bin.csv")), 1e-3, 3e-3)).isGreaterThan(20);
    }

    /**
     * Three mass states in the energy-angle solver from the command line (1/cos off): F summed over the states equals
     * the energy-only three-state solver's on the same grid, and the per-state spectra are written.
     */
    @Test
    void threeStatesInTheEnergyAngleSolverMatchTheEnergyOnlyThreeStateSolver(@TempDir Path dir) throws Exception {
        CliErrorsTest.Outcome o = CliErrorsTest.run("propagate", "--log-m", "-3.2", "--log-g", "-2", "--solver", "2d",
                "--relic-masses", "three", "--no-secant", "--energy-bins", "40", "--angle-bins", "10", "--e-min",
                "1e-5", "--out", dir.toString());
        assertThat(o.code()).as(o.err()).isZero();
        JsonNode r = Json.read(dir.resolve("result.json"));
        assertThat(r.get("relicMassStates").get("masses")).hasSize(3);
        nusi.physics.MassStates relics = nusi.physics.MassStates.three(0.1, nusi.physics.MassStates.Ordering.NORMAL,
                nusi.physics.MassStates.Flavour.E);
        nusi.grid.EnergyGrid eg = nusi.grid.EnergyGrid.logSpaced(1e-5, 300, 40);
        nusi.transport.MassStatesBackend oneD = nusi.transport.MassStatesBackend.levels(eg,
                nusi.physics.Mediator.ofLog10(-3.2, -2), nusi.physics.Channels.S, relics,
                new nusi.physics.RelicMedium(5e-8, 110, false, 50, false).columnDensity()).at(1, true);
        double[] state = nusi.transport.CramIntegrator.order48().propagate(oneD, oneD.splitOverStates(
                nusi.transport.ExactEnergyPropagator.initialCounts(eg, nusi.physics.PinchedSpectrum.paperDefault())),
                new double[]{1}, nusi.transport.Integrator.Listener.NONE).states()[0];
        double f1 = oneD.countAbove(state, 5);
        // measured: 1.6e-16 apart
        assertThat(r.get("fractionAboveThreshold").asDouble() / f1 - 1).isCloseTo(0, within(1e-13));
        CsvTable perState = CsvTable.read(dir.resolve("spectrum_per_state.csv"));
        assertThat(perState.columns()).contains("N_at_Earth_state_3");
        assertThat(perState.size()).isEqualTo(40);
        // the same on OpenCL (PoCL in CI): its sweep takes the diagonal per cell too
        Path cl = dir.resolve("opencl");
        CliErrorsTest.Outcome o2 = CliErrorsTest.run("propagate", "--log-m", "-3.2", "--log-g", "-2", "--solver", "2d",
                "--relic-masses", "three", "--no-secant", "--energy-bins", "40", "--angle-bins", "10", "--e-min",
                "1e-5", "--backend", "opencl", "--out", cl.toString());
        assertThat(o2.code()).as(o2.err()).isZero();
        assertThat(Json.read(cl.resolve("result.json")).get("fractionAboveThreshold").asDouble() / f1 - 1)
                .isCloseTo(0, within(1e-13));
    }

    /** The fullest model from the command line: three mass states with the s-, t- and u-channels. */
    @Test
    void threeStatesWithAllChannelsRunAndRecordTheirModel(@TempDir Path dir) throws Exception {
        CliErrorsTest.Outcome o = CliErrorsTest.run("propagate", "--log-m", "-3", "--log-g", "-1.8", "--convention",
                "lagrangian", "--channels", "stu", "--relic-masses", "three", "--bins-per-decade", "20",
                "--extrapolation-levels", "2", "--out", dir.toString());
        assertThat(o.code()).as(o.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode r = nusi.io.Json.read(dir.resolve("result.json"));
        assertThat(r.get("channels").asText()).isEqualTo("stu");
        double f = r.get("fractionAboveThreshold").asDouble();
        // the library's F of the same model (the same extrapolation: equal to the bit)
        nusi.physics.MassStates relics = nusi.physics.MassStates.three(0.1, nusi.physics.MassStates.Ordering.NORMAL,
                nusi.physics.MassStates.Flavour.E);
        double lib = new nusi.bounds.PropagationModel(new nusi.grid.EnergyResolution(1e-6, 300, 20, 2),
                new nusi.physics.RelicMedium(5e-8, 56.65, false, 50, true), nusi.physics.PinchedSpectrum.paperDefault(),
                5, nusi.physics.Mediator.Convention.LAGRANGIAN, relics, nusi.physics.Channels.STU)
                .fractionAboveThreshold(-3, -1.8);
        assertThat(f).isEqualTo(lib);
        assertThat(o.out()).contains("s-, t- and u-channels");
        assertThat(nusi.io.CsvTable.read(dir.resolve("spectrum_per_state.csv")).columns()).contains(
                "N_at_Earth_state_3");
    }

    /**
     * Asserts that the grid's angle (column 3) and the exact moment (column 4) of a per-bin table agree to a relative
     * tolerance in every bin with counts (column 2, above 1e-12) from minEnergy (MeV) up; returns how many bins.
     */
    static int binsAgreeing(CsvTable t, double minEnergy, double tolerance) {
        int compared = 0;
        for (double[] row : t.rows()) {
            if (row[2] > 1e-12 && row[0] >= minEnergy) {
                assertThat(Math.abs(row[3] / row[4] - 1)).as("bin at %s MeV", row[0]).isLessThanOrEqualTo(tolerance);
                compared++;
            }
        }
        return compared;
    }
}
