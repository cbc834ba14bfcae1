package nusi.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The main job: the paper's figures. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Compute the paper's results into results/ (main job of ./run.sh).")
public final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return spec.root().commandLine().execute("propagate", "--log-m", "-3.5", "--log-g", "-1.75",
                "--out", "results/fig3");
    }
}
