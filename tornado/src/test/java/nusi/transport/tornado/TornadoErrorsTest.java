package nusi.transport.tornado;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when the tornado backend cannot run: no JDK 25, no SDK, no OpenCL device. Each is one line
 * and exit code 2, through the same doors a user takes (./run.sh, and the tool's JVM itself for the device).
 */
class TornadoErrorsTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final String[] PROPAGATE = {"propagate", "--solver", "2d", "--log-m", "-3.5", "--log-g", "-1.75",
        "--energy-bins", "16", "--angle-bins", "8", "--backend", "tornado"};

    record Outcome(int code, List<String> stderr) {
        /** stderr without the JVM's own notices (TornadoVM's argfile loads an incubator module). */
        List<String> lines() {
            return stderr.stream().filter(l -> !l.startsWith("WARNING:")).toList();
        }
    }

    static Outcome run(List<String> command, Map<String, String> env, Path out) throws IOException,
            InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(out.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Outcome(p.exitValue(), new String(err, StandardCharsets.UTF_8).lines().toList());
    }

    static List<String> runSh(Path out) {
        List<String> c = new ArrayList<>(List.of("bash", ROOT.resolve("run.sh").toString()));
        c.addAll(List.of(PROPAGATE));
        c.addAll(List.of("--out", out.resolve("run").toString()));
        return c;
    }

    @Test
    void withoutJdk25(@TempDir Path tmp) throws Exception {
        Outcome o = run(runSh(tmp), Map.of("JAVA25_HOME", tmp.resolve("no-jdk").toString()), tmp);
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).containsExactly("the tornado backend needs a JDK 25 (TornadoVM 5.2.0-jdk25 runs on JDK 25 "
                + "only): JAVA25_HOME=" + tmp.resolve("no-jdk") + " is not one; set JAVA25_HOME to one or install one "
                + "under /usr/lib/jvm (everything else runs on JDK 17)");
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void withoutSdk(@TempDir Path tmp) throws Exception {
        Outcome o = run(runSh(tmp), Map.of("TORNADOVM_HOME", tmp.toString()), tmp);
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).containsExactly("TORNADOVM_HOME=" + tmp + " is not a TornadoVM SDK (no tornado-argfile or "
                + "share/java/tornado/tornado-api-*.jar)");
        // No SDK in the cache and no source to build one.
        Outcome none = run(runSh(tmp), Map.of("NUSI_CACHE", tmp.resolve("cache").toString(), "TORNADO_SOURCE",
                tmp.resolve("missing.tar.gz").toString()), tmp);
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.lines()).containsExactly("no TornadoVM SDK and no source to build one: set TORNADOVM_HOME to an "
                + "SDK, or TORNADO_SOURCE to a release source archive (not found: " + tmp.resolve("missing.tar.gz") + ")");
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    /** The tool's JVM as run.sh starts it (JDK 25, the argfile), on a machine whose OpenCL loader finds nothing. */
    @Test
    void withoutOpenClDevice(@TempDir Path tmp) throws Exception {
        Path vendors = Files.createDirectories(tmp.resolve("vendors"));
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + System.getProperty("nusi.tornado.argfile"), "@" + ROOT.resolve("tornado/tornado-exact.args"), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "nusi.cli.Main"));
        c.addAll(List.of(PROPAGATE));
        c.addAll(List.of("--out", tmp.resolve("run").toString()));
        Outcome o = run(c, Map.of("OCL_ICD_VENDORS", vendors.toString()), tmp);
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.lines()).containsExactly("error: " + TornadoProvider.NO_DEVICE);
        assertThat(tmp.resolve("run")).doesNotExist();
    }
}
