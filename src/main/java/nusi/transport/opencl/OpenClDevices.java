package nusi.transport.opencl;

import static org.jocl.CL.CL_DEVICE_DOUBLE_FP_CONFIG;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_DRIVER_VERSION;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.CL_PLATFORM_VERSION;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clGetPlatformInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** Discovery of OpenCL platforms and devices, and the choice of one by index or name. */
public final class OpenClDevices {
    /** Where an OpenCL device comes from on a machine without a GPU driver. */
    public static final String INSTALL_HINT = "install an OpenCL driver: on Debian/Ubuntu 'apt-get install "
            + "ocl-icd-libopencl1 pocl-opencl-icd' (CPU device, what ./run.sh does), or your GPU vendor's OpenCL driver";

    private OpenClDevices() {
    }

    /** One device, with what a user needs to choose it. */
    public record Device(int index, cl_platform_id platform, cl_device_id id, String platformName,
                         String platformVersion, String name, String type, String version, String driver,
                         int computeUnits, long globalMemoryBytes, long maxWorkGroupSize, boolean fp64) {
        public String summary() {
            return String.format(Locale.ROOT, "[%d] %s (%s, %s, %d compute units, %.1f GiB, fp64 %s; %s, driver %s)",
                    index, name, type, platformName, computeUnits, globalMemoryBytes / 1073741824.0,
                    fp64 ? "yes" : "no", version, driver);
        }
    }

    /** Thrown when no usable OpenCL platform or device exists; the message says what to install. */
    public static final class UnavailableException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UnavailableException(String message) {
            super(message);
        }
    }

    /** Every device of every platform, in a stable order (the indices of --device). */
    public static List<Device> list() {
        SignalChaining.check();
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            clGetPlatformIDs(0, null, count);
            if (count[0] == 0) {
                throw new UnavailableException("no OpenCL platform found: " + INSTALL_HINT);
            }
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            clGetPlatformIDs(platforms.length, platforms, null);
            List<Device> out = new ArrayList<>();
            for (cl_platform_id p : platforms) {
                int[] nd = new int[1];
                try {
                    clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, nd);
                } catch (CLException e) {
                    continue; // a platform without devices
                }
                cl_device_id[] ids = new cl_device_id[nd[0]];
                clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
                for (cl_device_id d : ids) {
                    long type = longInfo(d, CL_DEVICE_TYPE);
                    long fp = longInfo(d, CL_DEVICE_DOUBLE_FP_CONFIG);
                    out.add(new Device(out.size(), p, d, platformString(p, CL_PLATFORM_NAME),
                            platformString(p, CL_PLATFORM_VERSION), deviceString(d, CL_DEVICE_NAME), typeName(type),
                            deviceString(d, CL_DEVICE_VERSION), deviceString(d, CL_DRIVER_VERSION),
                            intInfo(d, CL_DEVICE_MAX_COMPUTE_UNITS), longInfo(d, CL_DEVICE_GLOBAL_MEM_SIZE),
                            sizeInfo(d, CL_DEVICE_MAX_WORK_GROUP_SIZE), fp != 0));
                }
            }
            if (out.isEmpty()) {
                throw new UnavailableException("no OpenCL device found on " + platforms.length + " platform(s): "
                        + INSTALL_HINT);
            }
            return out;
        } catch (CLException e) {
            throw new UnavailableException("no OpenCL platform found (" + e.getMessage() + "): " + INSTALL_HINT);
        } catch (LinkageError e) {
            throw new UnavailableException("the OpenCL library (libOpenCL.so.1) cannot be loaded (" + e.getMessage()
                    + "): " + INSTALL_HINT);
        }
    }

    /**
     * The device named by {@code selector}: an index of {@link #list()}, or a case-insensitive substring of its
     * name; null chooses the first GPU, else the first device.
     */
    public static Device choose(String selector) {
        List<Device> all = list();
        if (selector == null || selector.isBlank()) {
            for (Device d : all) {
                if (d.type().equals("GPU")) {
                    return d;
                }
            }
            return all.get(0);
        }
        String s = selector.trim();
        if (s.matches("\\d+")) {
            int i = Integer.parseInt(s);
            if (i >= all.size()) {
                throw new nusi.physics.ParameterException(nusi.physics.Parameter.DEVICE.token() + " must be an index in [0, " + (all.size() - 1)
                        + "] or part of a device name, got " + s + " (see 'nusi devices')");
            }
            return all.get(i);
        }
        for (Device d : all) {
            if (d.name().toLowerCase(Locale.ROOT).contains(s.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new nusi.physics.ParameterException(nusi.physics.Parameter.DEVICE.token() + " '" + s
                + "' matches no OpenCL device name (see 'nusi devices')");
    }

    static String typeName(long type) {
        if ((type & CL_DEVICE_TYPE_GPU) != 0) {
            return "GPU";
        }
        if ((type & CL.CL_DEVICE_TYPE_CPU) != 0) {
            return "CPU";
        }
        if ((type & CL.CL_DEVICE_TYPE_ACCELERATOR) != 0) {
            return "accelerator";
        }
        return "other";
    }

    private static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(p, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetPlatformInfo(p, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    private static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(d, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    private static long longInfo(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, Sizeof.cl_long, Pointer.to(v), null);
        return v[0];
    }

    private static int intInfo(cl_device_id d, int param) {
        int[] v = new int[1];
        clGetDeviceInfo(d, param, Sizeof.cl_int, Pointer.to(v), null);
        return v[0];
    }

    private static long sizeInfo(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }

    private static String cString(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8).trim();
    }

    /**
     * PoCL (through LLVM) installs its own SIGSEGV handler when a device is opened; the JVM uses SIGSEGV itself
     * and then crashes without an error report. Preloading the JDK's libjsig keeps both handlers working; run.sh
     * and the test set-up do it. Warned once per JVM when it is missing.
     */
    private static final class SignalChaining {
        static {
            String preload = System.getenv("LD_PRELOAD");
            if (preload == null || !preload.contains("libjsig")) {
                System.err.println("warning: OpenCL without signal chaining: the JVM may crash once PoCL installs its "
                        + "signal handlers; start java with LD_PRELOAD=" + System.getProperty("java.home")
                        + "/lib/libjsig.so (./run.sh does)");
            }
        }

        static void check() {
            // the static initialiser above runs once
        }
    }
}
