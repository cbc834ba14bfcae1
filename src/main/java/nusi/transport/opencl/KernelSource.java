package nusi.transport.opencl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Kernel sources are files in {@code kernels/}, read at run time: from the working directory's
 * {@code kernels/} when it exists (so a kernel can be edited without rebuilding), else from the copy packed
 * into the jar.
 */
public final class KernelSource {
    private KernelSource() {
    }

    public static String load(String fileName) {
        Path local = Path.of("kernels", fileName);
        try {
            if (Files.isReadable(local)) {
                return Files.readString(local, StandardCharsets.UTF_8);
            }
            try (InputStream in = KernelSource.class.getClassLoader().getResourceAsStream("kernels/" + fileName)) {
                if (in == null) {
                    throw new IllegalStateException("kernel source kernels/" + fileName
                            + " is neither in the working directory nor in the jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + fileName + ": " + e.getMessage(), e);
        }
    }
}
