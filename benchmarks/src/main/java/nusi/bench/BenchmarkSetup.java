package nusi.bench;

import nusi.transport.Precision;
import java.util.Random;
import nusi.grid.AngleGrid;
import nusi.grid.EnergyGrid;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.ResonantCrossSection;
import nusi.backends.Backends;
import nusi.transport.EnergyAngleSolver;
import nusi.transport.PhaseSpaceOperator;
import nusi.transport.TransportBackend;

/** The grids and backends the benchmarks share: the paper's Fig. 3 point on an N x N grid. */
final class BenchmarkSetup {
    private BenchmarkSetup() {
    }

    static PhaseSpaceOperator fig3Operator(int size) {
        RelicMedium medium = RelicMedium.paperDefault();
        ResonantCrossSection xs = new ResonantCrossSection(Mediator.ofLog10(-3.5, -1.75), medium.neutrinoMass());
        EnergyGrid eg = EnergyGrid.logSpaced(1e-5, 300, size);
        AngleGrid ag = PhaseSpaceOperator.fittedAngleGrid(eg, xs, medium.neutrinoMass(), size, 0.3);
        return PhaseSpaceOperator.build(eg, ag, xs, medium.neutrinoMass(), medium.columnDensity(), true,
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * cpu-1 (one thread), cpu-all (all cores), opencl-fp64, opencl-fp32 (default OpenCL device), tornado (TornadoVM's
     * default device, fp64; needs ./run.sh bench --tornado, which runs JMH on JDK 25 with the SDK).
     */
    static TransportBackend backend(String name, PhaseSpaceOperator op) {
        int cores = Runtime.getRuntime().availableProcessors();
        return switch (name) {
            case "cpu-1" -> Backends.create(Backends.Choice.cpu(1), op);
            case "cpu-all" -> Backends.create(Backends.Choice.cpu(cores), op);
            case "opencl-fp64" -> Backends.create(new Backends.Choice(Backends.Kind.OPENCL, 1, null,
                    Precision.FP64), op);
            case "opencl-fp32" -> Backends.create(new Backends.Choice(Backends.Kind.OPENCL, 1, null,
                    Precision.FP32), op);
            case "tornado" -> Backends.create(new Backends.Choice(Backends.Kind.TORNADO, 1, null, Precision.FP64), op);
            default -> throw new IllegalArgumentException("backend parameter must be cpu-1, cpu-all, opencl-fp64, "
                    + "opencl-fp32 or tornado, got " + name);
        };
    }

    /** A realistic mid-propagation state: the initial spectrum spread over angles, plus noise. */
    static double[] state(PhaseSpaceOperator op) {
        double[] f = EnergyAngleSolver.initialState(op, PinchedSpectrum.paperDefault());
        Random r = new Random(1);
        for (int p = 0; p < op.energyBins() * op.angleCells(); p++) {
            f[p] += 1e-6 * r.nextDouble();
        }
        return f;
    }

    /** Pair-cells visited by one operator application: N (N + 1)/2 source-target row pairs times K. */
    static double elements(PhaseSpaceOperator op) {
        double n = op.energyBins();
        return n * (n + 1) / 2 * op.angleCells();
    }
}
