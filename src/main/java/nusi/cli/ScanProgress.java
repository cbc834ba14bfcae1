package nusi.cli;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar with ETA on stderr for a scan or a propagation. On a terminal it redraws in place; otherwise
 * (CI, a pipe) it writes plain ASCII lines, since the library's ANSI codes would clutter a log.
 */
final class ScanProgress implements nusi.runs.Reporter.ScanProgress {
    private final String task;
    private final boolean enabled;
    private ProgressBar bar;

    ScanProgress(String task, boolean enabled) {
        this.task = task;
        this.enabled = enabled;
    }

    @Override
    public synchronized void started(int total, int alreadyDone) {
        if (!enabled) {
            return;
        }
        bar = builder(task).setInitialMax(total).showSpeed().build();
        bar.stepTo(alreadyDone);
    }

    @Override
    public synchronized void finished(int index) {
        if (bar != null) {
            bar.step();
        }
    }

    /**
     * A progress bar on stderr: redrawn in place on a terminal; otherwise (CI, a pipe) one ASCII line per update,
     * since the library's ANSI codes would clutter a log.
     */
    static ProgressBarBuilder builder(String task) {
        boolean console = System.console() != null;
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task)
                .setStyle(console ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(console ? 200 : 5000);
        if (!console) {
            b.setConsumer(new DelegatingProgressBarConsumer(System.err::println, 100));
        }
        return b;
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
