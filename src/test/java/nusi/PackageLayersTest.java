package nusi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Imports run one way (README, "Layout"): numerics -> physics -> grid -> transport -> backends -> bounds -> study ->
 * plots -> io -> runs -> cli. A class may use its own layer and those before it, never one after it: read from the sources,
 * comments stripped, every reference to a {@code nusi.<layer>.} type counted (imports and qualified names).
 */
class PackageLayersTest {
    static final List<String> LAYERS = List.of("numerics", "physics", "grid", "transport", "backends", "bounds",
            "study", "plots", "io", "runs", "cli");
    static final Pattern REFERENCE = Pattern.compile("\\bnusi\\.([a-z]+)\\.");

    @Test
    void noLayerUsesALaterOne() throws IOException {
        Path root = Path.of("src", "main", "java", "nusi");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String layer = root.relativize(f).getName(0).toString();
                assertThat(LAYERS).as("layer of %s", f).contains(layer);
                String code = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    String used = m.group(1);
                    if (LAYERS.contains(used) && LAYERS.indexOf(used) > LAYERS.indexOf(layer)) {
                        violations.add(f + " (" + layer + ") uses nusi." + used);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
