package nusi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import nusi.bounds.CouplingSearch;
import nusi.physics.Parameter;
import nusi.physics.ParameterException;
import org.junit.jupiter.api.Test;

/**
 * The library names parameters, the command line names options, and the two meet only in OptionNames: a library
 * user reads physics names, the same error on the command line reads the option.
 */
class OptionNamesTest {
    @Test
    void everyParameterHasAnOptionThatTheToolAccepts() {
        for (Parameter p : Parameter.values()) {
            String option = OptionNames.of(p);
            assertThat(option).as("%s", p).startsWith("--");
            // The option exists on some command of the tool (the part before a unit in brackets).
            String name = option.split(" ")[0];
            boolean known = new picocli.CommandLine(new Main()).getSubcommands().values().stream()
                    .flatMap(c -> java.util.stream.Stream.concat(java.util.stream.Stream.of(c),
                            c.getSubcommands().values().stream()))
                    .anyMatch(c -> c.getCommandSpec().findOption(name) != null);
            assertThat(known).as("%s is an option of some command", name).isTrue();
        }
    }

    @Test
    void theLibrarySpeaksPhysicsAndTheToolSpeaksOptions() {
        assertThatThrownBy(() -> new CouplingSearch(-6, 1, 0.25, 0.9, 0.01))
                .isInstanceOf(ParameterException.class)
                .hasMessage("tolerance of the coupling search (log10 g) must be in [1.0E-8, 0.5], got 0.9")
                .satisfies(e -> assertThat(OptionNames.message(e))
                        .isEqualTo("--g-tolerance (log10 g) must be in [1.0E-8, 0.5], got 0.9"));
        assertThatThrownBy(() -> new CouplingSearch(-1, -2, 0.25, 0.005, 0.01))
                .hasMessage("highest log10 g of the scan must be > lowest log10 g of the scan = -1.0, got -2.0")
                .satisfies(e -> assertThat(OptionNames.message(e)).isEqualTo("--log-g-max must be > --log-g-min = -1.0, "
                        + "got -2.0"));
        assertThatThrownBy(() -> nusi.bounds.LogRange.masses(-7, 0, 0))
                .hasMessage("number of mediator masses of the scan must be in [1, 100000], got 0")
                .satisfies(e -> assertThat(OptionNames.message(e)).isEqualTo("--masses must be in [1, 100000], got 0"));
    }

    @Test
    void aPlainExceptionKeepsItsMessage() {
        assertThat(OptionNames.message(new IllegalArgumentException("as it is"))).isEqualTo("as it is");
    }
}
