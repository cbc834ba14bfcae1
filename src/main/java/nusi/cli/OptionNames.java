package nusi.cli;

import java.util.EnumMap;
import java.util.Map;
import nusi.physics.Parameter;
import nusi.physics.ParameterException;

/**
 * The one place where the library's parameters meet this tool's option names: errors from the library name
 * {@link Parameter}s, and the command line shows them as the options a user types.
 */
final class OptionNames {
    private static final Map<Parameter, String> OPTIONS = new EnumMap<>(Parameter.class);

    static {
        OPTIONS.put(Parameter.LOG10_M_MIN, "--log-m-min");
        OPTIONS.put(Parameter.LOG10_M_MAX, "--log-m-max");
        OPTIONS.put(Parameter.MASS_POINTS, "--masses");
        OPTIONS.put(Parameter.COUPLING_POINTS, "--couplings");
        OPTIONS.put(Parameter.LOG10_G_MIN, "--log-g-min");
        OPTIONS.put(Parameter.LOG10_G_MAX, "--log-g-max");
        OPTIONS.put(Parameter.COARSE_STEP, "--coarse-step (log10 g)");
        OPTIONS.put(Parameter.COUPLING_TOLERANCE, "--g-tolerance (log10 g)");
        OPTIONS.put(Parameter.FRACTION, "--fraction");
        OPTIONS.put(Parameter.ENERGY_RESOLUTION, "--bins-per-decade");
        OPTIONS.put(Parameter.ENERGY_BINS, "--energy-bins");
        OPTIONS.put(Parameter.THREADS, "--threads");
        OPTIONS.put(Parameter.BACKEND, "--backend");
        OPTIONS.put(Parameter.PRECISION, "--precision");
        OPTIONS.put(Parameter.DEVICE, "--device");
        OPTIONS.put(Parameter.OUTPUT, "--out");
        OPTIONS.put(Parameter.OVERWRITE, "--overwrite");
        OPTIONS.put(Parameter.RESUME, "--resume");
        OPTIONS.put(Parameter.SHARD, "--shard");
        OPTIONS.put(Parameter.WINDOW, "--window (s)");
        OPTIONS.put(Parameter.DELAY_NODES, "--delay-grid");
        for (Parameter p : Parameter.values()) {
            if (!OPTIONS.containsKey(p)) {
                throw new IllegalStateException("no option name for parameter " + p);
            }
        }
    }

    private OptionNames() {
    }

    static String of(Parameter p) {
        return OPTIONS.get(p);
    }

    /** The message of an exception as the command line shows it: parameters spelled as options. */
    static String message(Throwable t) {
        return t instanceof ParameterException pe ? pe.render(OptionNames::of) : t.getMessage();
    }
}
