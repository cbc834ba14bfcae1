package nusi.transport.opencl;

import nusi.transport.Backends;
import nusi.transport.PhaseSpaceOperator;
import nusi.transport.TransportBackend;

/** Placeholder until the OpenCL backend lands. */
public final class OpenClBackend {
    private OpenClBackend() {
    }

    public static TransportBackend create(PhaseSpaceOperator op, String device, Backends.Precision precision) {
        throw new IllegalArgumentException("--backend opencl is not available yet in this version");
    }
}
