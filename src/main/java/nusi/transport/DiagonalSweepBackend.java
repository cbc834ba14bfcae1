package nusi.transport;

/**
 * A backend whose planar sweep also takes a complex diagonal per cell in place of sigma + sec l: what several mass
 * states reduce to ({@link MassStatesPhaseSpaceBackend}). The Java reference ({@link CpuBackend}), OpenCL (the same
 * kernels, sweepSolveRowsComplex and sweepSolveRowsGroupComplex, with the diagonal passed in) and TornadoVM (its
 * sweepSolveRowsComplex task with the diagonal's arena offsets).
 */
public interface DiagonalSweepBackend extends TransportBackend {
    /**
     * (Delta - G) z = r on the N K cells, G the gains (self-scattering included), host arrays of at least N K entries
     * (r may be overwritten); tracked quantities are left to the caller.
     */
    void sweepWithDiagonal(double[] deltaRe, double[] deltaIm, double[] rRe, double[] rIm, double[] zr, double[] zi);
}
