package nusi.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Options given on the command line that do not apply to what was asked are refused, not silently ignored. */
final class OptionScope {
    private OptionScope() {
    }

    /**
     * @param applies whether the options apply here
     * @param where   what they need, e.g. "--solver 2d"
     * @throws UserError naming the first such option given
     */
    static void requireApplicable(CommandSpec spec, boolean applies, String where, String... options) {
        if (applies) {
            return;
        }
        List<String> given = new ArrayList<>();
        for (String o : options) {
            if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                given.add(o);
            }
        }
        if (!given.isEmpty()) {
            throw new UserError(String.join(", ", given) + (given.size() == 1 ? " applies" : " apply") + " to "
                    + where + " only");
        }
    }

    /** The options of the energy-angle solver and its backends. */
    static final String[] ENERGY_ANGLE = {"--energy-bins", "--angle-bins", "--theta-max", "--integrator",
        "--tolerance", "--distances-kpc", "--backend", "--device", "--precision", "--no-secant"};
}
