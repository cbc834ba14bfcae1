package nusi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmarks still compile and run: a tiny in-process JMH run of each benchmark on every backend (a small
 * grid, one short iteration). It asserts that results were produced, not any speed.
 */
class BenchmarkSmokeTest {
    @Test
    void everyBenchmarkRunsOnEveryBackend() throws Exception {
        Options opt = new OptionsBuilder()
                .include("nusi\\.bench\\.(OperatorBenchmark|PropagationBenchmark|EnergyOnlyBenchmark|ExactMomentsBenchmark|PicturesBenchmark|DelayDistributionBenchmark)\\.")
                .param("size", "24")
                // the 3D delay rows of 24 bins over 7.5 decades do not settle (s/l near 1): 48
                .param("energyBins", "48")
                .param("point", "-3.5:-1.75")
                .param("range", "above")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(opt).run();
        // 3 operator benchmarks x 4 backends + 1 propagation x 2 integrators x 4 backends + 4 energy-only ones + the
        // moments + the four pictures + the delay distribution in two.
        assertThat(results).hasSize(31);
        for (RunResult r : results) {
            assertThat(r.getPrimaryResult().getScore()).as(r.getParams().getBenchmark()).isPositive().isFinite();
        }
    }
}
