package nusi.backends;

import nusi.physics.Parameter;
import nusi.physics.ParameterException;

import nusi.transport.CpuBackend;
import nusi.transport.PhaseSpaceOperator;
import nusi.transport.Precision;
import nusi.transport.TransportBackend;

import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Chooses and builds a {@link TransportBackend}: the one place that knows every backend (above the transport
 * package and its backends, so that neither imports the other back).
 */
public final class Backends {
    private Backends() {
    }

    /**
     * Why {@code --backend tornado} cannot run in this JVM: the TornadoVM module is absent (it needs JDK 25, the
     * SDK and its JVM arguments, which {@code ./run.sh} supplies).
     */
    public static final String TORNADO_MISSING = "{BACKEND} tornado needs TornadoVM, which runs on JDK 25 with its SDK "
            + "and JVM arguments: start the tool through ./run.sh, which finds a JDK 25, builds the SDK once into "
            + "~/.cache/nusi-transport and adds the tornado module (this JVM is Java " + Runtime.version().feature()
            + " without it)";

    /** The backends this build knows; TORNADO is served by an {@link ExternalBackend} on the class path. */
    public enum Kind { CPU, OPENCL, TORNADO;
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.label().equalsIgnoreCase(s)) {
                    return k;
                }
            }
            throw new ParameterException(Parameter.BACKEND.token() + " must be one of cpu, opencl, tornado; got '" + s
                    + "'");
        }
    }

    /** Backend settings as chosen on the command line. */
    public record Choice(Kind kind, int threads, String device, Precision precision) {
        public Choice {
            if (threads < 1 || threads > 1024) {
                throw new ParameterException(Parameter.THREADS.token() + " must be in [1, 1024], got " + threads);
            }
            if (kind == Kind.CPU && precision == Precision.FP32) {
                throw new ParameterException(Parameter.PRECISION.token() + " fp32 needs " + Parameter.BACKEND.token()
                        + " opencl (the CPU reference is float64)");
            }
            if (kind == Kind.TORNADO && precision == Precision.FP32) {
                throw new ParameterException(Parameter.PRECISION.token() + " fp32 needs " + Parameter.BACKEND.token()
                        + " opencl (the tornado backend is float64)");
            }
        }

        public Choice withThreads(int t) {
            return new Choice(kind, t, device, precision);
        }

        public static Choice cpu(int threads) {
            return new Choice(Kind.CPU, threads, null, Precision.FP64);
        }
    }

    public static TransportBackend create(Choice choice, PhaseSpaceOperator op) {
        // a 3D operator: the Java backend's azimuthal sweep; OpenCL and TornadoVM refuse it in their constructors
        return switch (choice.kind()) {
            case CPU -> op.deflection() == nusi.physics.Deflection.THREE_D
                    ? new nusi.transport.AzimuthalCpuBackend(op, choice.threads()) : new CpuBackend(op, choice.threads());
            case OPENCL -> nusi.transport.opencl.OpenClBackend.create(op, choice.device(), choice.precision());
            case TORNADO -> tornado().orElseThrow(() -> new ParameterException(TORNADO_MISSING))
                    .create(op, choice.device());
        };
    }

    /** The TornadoVM backend if its module is on the class path (JDK 25 with the SDK), else empty. */
    public static java.util.Optional<ExternalBackend> tornado() {
        for (ExternalBackend b : ServiceLoader.load(ExternalBackend.class)) {
            if (b.kind().equals(Kind.TORNADO.label())) {
                return java.util.Optional.of(b);
            }
        }
        return java.util.Optional.empty();
    }
}
