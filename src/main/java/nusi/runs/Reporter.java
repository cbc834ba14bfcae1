package nusi.runs;

import java.io.PrintWriter;
import nusi.io.ResumableScan;
import nusi.transport.EnergyAngleSolver;

/**
 * What a run tells its caller while it works: result lines, and progress of scans and energy-angle propagations.
 * The command line shows progress bars; a Java caller or a test takes {@link #lines} and no bars.
 */
public interface Reporter {
    /** One line of the run's report (what the command line prints on stdout). */
    void line(String text);

    /** Progress of a scan's points. */
    ScanProgress scan(String task);

    /** Progress of an energy-angle propagation ({@code unit}: "sweeps" for CRAM, "steps" for TR-BDF2). */
    StepProgress steps(String task, String unit);

    /** Scan progress that is closed when the scan ends. */
    interface ScanProgress extends ResumableScan.Listener, AutoCloseable {
        @Override
        void close();
    }

    /** Step progress that is closed when the propagation ends. */
    interface StepProgress extends EnergyAngleSolver.StepListener, AutoCloseable {
        @Override
        void close();
    }

    /** Lines onto {@code out}, no progress. */
    static Reporter lines(PrintWriter out) {
        return new Reporter() {
            @Override
            public void line(String text) {
                out.println(text);
                out.flush();
            }

            @Override
            public ScanProgress scan(String task) {
                return new ScanProgress() {
                    @Override
                    public void started(int total, int alreadyDone) {
                    }

                    @Override
                    public void finished(int index) {
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public StepProgress steps(String task, String unit) {
                return new StepProgress() {
                    @Override
                    public void progress(long done, long planned, int level) {
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
    }
}
