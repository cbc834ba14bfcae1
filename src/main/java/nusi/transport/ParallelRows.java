package nusi.transport;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/** Runs a parallel-stream computation on a pool of a chosen size (the common pool's size is not ours to set). */
final class ParallelRows {
    private ParallelRows() {
    }

    /** row(j) for j in [from, to): on the pool in parallel, or in order without one (or for a single row). */
    static void forEach(ForkJoinPool pool, int from, int to, java.util.function.IntConsumer row) {
        if (pool == null || to - from < 2) {
            for (int j = from; j < to; j++) {
                row.accept(j);
            }
        } else {
            pool.submit(() -> java.util.stream.IntStream.range(from, to).parallel().forEach(row)).join();
        }
    }

    static void run(int threads, Runnable work) {
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
        try {
            pool.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }
}
