package nusi.transport;

/**
 * Where the Eq. 8 operator of one {@link PhaseSpaceOperator} runs: the multi-threaded Java reference
 * ({@code cpu}) or OpenCL ({@code opencl}). It offers the vector operations of {@link VectorBackend} on vectors
 * of {@link PhaseSpaceOperator#stateLength()} (N K counts, then the tracked quantities), kept in device memory for
 * a whole propagation; the integrators sit on top.
 */
public interface TransportBackend extends VectorBackend {
    PhaseSpaceOperator operator();

    @Override
    default int length() {
        return operator().stateLength();
    }
}
