package nusi.transport.tornado;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nusi.backends.ExternalBackend;
import nusi.physics.Parameter;
import nusi.physics.ParameterException;
import nusi.transport.PhaseSpaceOperator;
import nusi.transport.TransportBackend;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/** Serves {@code --backend tornado}: finds TornadoVM's devices and builds a {@link TornadoBackend}. */
public final class TornadoProvider implements ExternalBackend {
    /** What to do when TornadoVM sees no device (it uses OpenCL drivers, as the opencl backend does). */
    static final String NO_DEVICE = "TornadoVM found no OpenCL device: install an OpenCL driver (on Debian/Ubuntu "
            + "'apt-get install ocl-icd-libopencl1 pocl-opencl-icd', what ./run.sh does, or your GPU vendor's driver)";

    @Override
    public String kind() {
        return "tornado";
    }

    /** Every device of every TornadoVM backend, in TornadoVM's order (the indices of --device). */
    static List<TornadoDevice> all() {
        // TornadoVM's OpenCL driver, on a machine without an OpenCL platform, prints its own errors and fails in
        // a static initialiser; asking the OpenCL loader first (through JOCL) gives the one-line answer instead.
        try {
            nusi.transport.opencl.OpenClDevices.list();
        } catch (nusi.transport.opencl.OpenClDevices.UnavailableException e) {
            throw new IllegalArgumentException(NO_DEVICE);
        }
        List<TornadoDevice> out = new ArrayList<>();
        try {
            for (uk.ac.manchester.tornado.api.TornadoBackend b : TornadoExecutionPlan.getTornadoDeviceMap().getAllBackends()) {
                out.addAll(b.getAllDevices());
            }
        } catch (RuntimeException | Error e) {
            // Without an OpenCL platform TornadoVM's runtime fails to start; that is the same missing device.
            throw new IllegalArgumentException(NO_DEVICE + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")) + ")");
        }
        return out;
    }

    /** The device for a selector: null the first (TornadoVM's default), an index, or a substring of the name. */
    static TornadoDevice choose(String selector) {
        List<TornadoDevice> devices = all();
        if (devices.isEmpty()) {
            throw new IllegalArgumentException(NO_DEVICE);
        }
        if (selector == null || selector.isBlank()) {
            return devices.get(0);
        }
        if (selector.matches("\\d+")) {
            int i = Integer.parseInt(selector);
            if (i >= devices.size()) {
                throw new ParameterException(Parameter.DEVICE.token() + " " + selector + ": TornadoVM has devices 0 to "
                        + (devices.size() - 1) + " (see 'devices')");
            }
            return devices.get(i);
        }
        for (TornadoDevice d : devices) {
            if (d.getPhysicalDevice().getDeviceName().toLowerCase(Locale.ROOT).contains(selector.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new ParameterException(Parameter.DEVICE.token() + " '" + selector
                + "' matches no TornadoVM device (see 'devices')");
    }

    @Override
    public TransportBackend create(PhaseSpaceOperator op, String deviceSelector) {
        return new TornadoBackend(op, choose(deviceSelector));
    }

    @Override
    public List<String> devices() {
        List<TornadoDevice> devices = all();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            TornadoDevice d = devices.get(i);
            lines.add(String.format(Locale.ROOT, "[%d] %s (%s, %s, %.1f GiB)%s", i,
                    d.getPhysicalDevice().getDeviceName(), d.getDeviceType(), d.getPlatformName(),
                    d.getMaxGlobalMemory() / 1073741824.0, i == 0 ? "  <- default" : ""));
        }
        if (lines.isEmpty()) {
            lines.add(NO_DEVICE);
        }
        return lines;
    }
}
