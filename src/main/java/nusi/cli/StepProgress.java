package nusi.cli;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
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
            boolean console = System.console() != null;
            ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task)
                    .setStyle(console ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(console ? 200 : 5000).setUnit(" steps", 1);
            if (!console) {
                b.setConsumer(new DelegatingProgressBarConsumer(System.err::println, 100)); // one line per update: logs stay readable
            }
            bar = b.build();
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
