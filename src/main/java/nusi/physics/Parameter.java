package nusi.physics;

/**
 * Parameters of a run that the library's errors name, by their physics names. A front end shows its own names
 * for them (the command line: {@code nusi.cli.OptionNames}); messages carry them as {@code {NAME}} tokens of a
 * {@link ParameterException}, so that the library never spells an option.
 */
public enum Parameter {
    LOG10_M_MIN("lowest log10(M/MeV) of the scan"),
    LOG10_M_MAX("highest log10(M/MeV) of the scan"),
    MASS_POINTS("number of mediator masses of the scan"),
    COUPLING_POINTS("number of couplings of the scan"),
    LOG10_G_MIN("lowest log10 g of the scan"),
    LOG10_G_MAX("highest log10 g of the scan"),
    COARSE_STEP("coarse step of the coupling search (log10 g)"),
    COUPLING_TOLERANCE("tolerance of the coupling search (log10 g)"),
    FRACTION("fraction F that defines the bound"),
    ENERGY_RESOLUTION("energy bins per decade"),
    ENERGY_BINS("energy bins of the energy-angle grid"),
    THREADS("worker threads"),
    BACKEND("backend"),
    PRECISION("precision"),
    DEVICE("device"),
    OUTPUT("output folder"),
    OVERWRITE("the overwrite flag"),
    RESUME("resume"),
    SHARD("shard"),
    WINDOW("arrival window (s)"),
    DELAY_NODES("nodes of the delay grid");

    private final String physicsName;

    Parameter(String physicsName) {
        this.physicsName = physicsName;
    }

    /** The name a library user reads in messages. */
    public String physicsName() {
        return physicsName;
    }

    /** The token that stands for this parameter in a {@link ParameterException}'s message. */
    public String token() {
        return "{" + name() + "}";
    }
}
