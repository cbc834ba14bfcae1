package nusi.cli;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import nusi.bounds.ResumableScan;

/**
 * A progress bar with ETA on stderr for a scan or a propagation. On a terminal it redraws in place; otherwise
 * (CI, a pipe) it writes plain ASCII lines, since the library's ANSI codes would clutter a log.
 */
final class ScanProgress implements ResumableScan.Listener, AutoCloseable {
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
        boolean console = System.console() != null;
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(console ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(console ? 200 : 5000).showSpeed();
        if (!console) {
            b.setConsumer(new DelegatingProgressBarConsumer(System.err::println, 100)); // one line per update: logs stay readable
        }
        bar = b.build();
        bar.stepTo(alreadyDone);
    }

    @Override
    public synchronized void finished(int index) {
        if (bar != null) {
            bar.step();
        }
    }

    /** For stages that are not scans: advance to a fraction of the work. */
    synchronized void stepTo(long n) {
        if (bar != null) {
            bar.stepTo(n);
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
