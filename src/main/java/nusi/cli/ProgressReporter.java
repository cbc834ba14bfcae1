package nusi.cli;

import java.io.PrintWriter;
import nusi.runs.Reporter;

/** A run's lines on stdout and its progress as bars on stderr (none with --no-progress). */
final class ProgressReporter implements Reporter {
    private final PrintWriter out;
    private final boolean bars;

    ProgressReporter(PrintWriter out, boolean bars) {
        this.out = out;
        this.bars = bars;
    }

    @Override
    public void line(String text) {
        out.println(text);
        out.flush();
    }

    @Override
    public Reporter.ScanProgress scan(String task) {
        return new nusi.cli.ScanProgress(task, bars);
    }

    @Override
    public Reporter.StepProgress steps(String task, String unit) {
        return new nusi.cli.StepProgress(task, unit, bars);
    }
}
