package nusi.cli;

import me.tongfei.progressbar.ProgressBar;

/**
 * Progress of an energy-angle propagation: shown only once the run has lasted a second. The bar counts the
 * sweeps (CRAM) or steps (TR-BDF2: each refinement level doubles them) planned so far.
 */
final class StepProgress implements nusi.runs.Reporter.StepProgress {
    private final String task;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private final String unit;
    private ProgressBar bar;

    /** @param unit what the listener counts: "sweeps" (CRAM) or "steps" (TR-BDF2) */
    StepProgress(String task, String unit, boolean enabled) {
        this.task = task;
        this.unit = unit;
        this.enabled = enabled;
    }

    @Override
    public synchronized void progress(long done, long planned, int lvl) {
        if (!enabled) {
            return;
        }
        if (bar == null && System.nanoTime() - start > 1_000_000_000L) {
            bar = ScanProgress.builder(task).setUnit(" " + unit, 1).build();
        }
        if (bar != null) {
            bar.maxHint(planned);
            bar.stepTo(done);
            if (lvl > 0) {
                bar.setExtraMessage(" refinement level " + lvl);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
