package nusi.cli;

import me.tongfei.progressbar.ProgressBar;
import nusi.transport.EnergyAngleSolver;

/**
 * Progress of an energy-angle propagation: shown only once the run has lasted a second. Each refinement level
 * doubles the steps; the bar counts all steps planned so far and the extra message names the level.
 */
final class StepProgress implements EnergyAngleSolver.StepListener, AutoCloseable {
    private final String task;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private ProgressBar bar;
    private long doneBefore;
    private int level = -1;
    private long levelTotal;

    StepProgress(String task, boolean enabled) {
        this.task = task;
        this.enabled = enabled;
    }

    @Override
    public synchronized void progress(long stepsDone, long stepsOfThisLevel, int lvl) {
        if (lvl != level) {
            if (level >= 0) {
                doneBefore += levelTotal;
            }
            level = lvl;
            levelTotal = stepsOfThisLevel;
        }
        if (!enabled) {
            return;
        }
        if (bar == null && System.nanoTime() - start > 1_000_000_000L) {
            bar = ScanProgress.builder(task).setUnit(" steps", 1).build();
        }
        if (bar != null) {
            bar.maxHint(doneBefore + levelTotal);
            bar.stepTo(doneBefore + stepsDone);
            bar.setExtraMessage(" level " + level + " (" + levelTotal + " steps)");
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
