package nusi.transport.opencl;

import nusi.transport.Precision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nusi.transport.PhaseSpaceOperator;
import org.junit.jupiter.api.Test;

/** The OpenCL error paths end in one clear message, never a raw CLException. */
class OpenClErrorsTest {
    @Test
    void devicesAreListedWithWhatAUserChoosesBy() {
        List<OpenClDevices.Device> all = OpenClDevices.list();
        assertThat(all).isNotEmpty();
        assertThat(all.get(0).index()).isZero();
        assertThat(all.get(0).computeUnits()).isPositive();
        assertThat(OpenClDevices.choose("0").name()).isEqualTo(all.get(0).name());
        String part = all.get(0).name().substring(0, Math.min(6, all.get(0).name().length())).toUpperCase();
        assertThat(OpenClDevices.choose(part).index()).isEqualTo(all.get(0).index());
    }

    @Test
    void invalidDeviceIndexOrNameIsAClearError() {
        int n = OpenClDevices.list().size();
        assertThatThrownBy(() -> OpenClDevices.choose("99"))
                .isInstanceOf(IllegalArgumentException.class)
                .isInstanceOf(nusi.physics.ParameterException.class)
                .hasMessage("device must be an index in [0, " + (n - 1) + "] or part of a device name, got 99 "
                        + "(see 'nusi devices')")
                .satisfies(e -> assertThat(((nusi.physics.ParameterException) e).template())
                        .startsWith("{DEVICE} must be an index"));
        assertThatThrownBy(() -> OpenClDevices.choose("no-such-device-xyz"))
                .hasMessage("device 'no-such-device-xyz' matches no OpenCL device name (see 'nusi devices')");
    }

    @Test
    void kernelBuildFailureShowsTheBuildLog() throws IOException {
        String broken;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("kernels/broken.cl")) {
            broken = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        PhaseSpaceOperator op = smallOperator();
        assertThatThrownBy(() -> OpenClBackend.withSource(op, OpenClDevices.choose(null), Precision.FP64,
                broken, OpenClBackend.Layout.ROWS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("OpenCL kernel build failed on '")
                .hasMessageContaining("undeclaredVariable");
    }

    @Test
    void noOpenClPlatformGivesTheInstallHintAndExitCode2() throws Exception {
        // The ICD loader finds no platform when pointed at an empty vendor directory.
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "nusi.cli.Main", "devices");
        pb.environment().put("OCL_ICD_VENDORS", "/nonexistent-vendors-dir");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out.strip()).startsWith("error: no OpenCL platform found")
                .contains("apt-get install ocl-icd-libopencl1 pocl-opencl-icd").doesNotContain("\tat ");
        assertThat(out.strip().lines().count()).isEqualTo(1);
    }

    private static PhaseSpaceOperator smallOperator() {
        return nusi.transport.TransportBackendContractTestAccess.operator(5, 4);
    }
}
