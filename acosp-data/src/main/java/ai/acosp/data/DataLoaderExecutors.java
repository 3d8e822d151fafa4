package ai.acosp.data;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the thread pools that prepare batches ahead of the trainer ({@code workers}).
 *
 * <p>Pass the pool to {@code dataset.getData(manager, executor)} or to DJL's {@code
 * DefaultTrainingConfig.optExecutorService}; each prefetched batch is built by one thread, and the
 * dataset's {@code optPrefetchNumber} bounds how many are in flight (use at least {@code workers}).
 * Threads are daemons, so a forgotten pool does not keep the JVM alive; still shut it down when
 * done.
 */
public final class DataLoaderExecutors {

    private DataLoaderExecutors() {}

    /**
     * Creates a fixed pool of {@code workers} daemon threads named {@code acosp-data-N}.
     *
     * @param workers the number of threads, at least 1
     * @return the pool
     */
    public static ExecutorService create(int workers) {
        return create(workers, () -> {});
    }

    /**
     * Creates a fixed pool of {@code workers} daemon threads named {@code acosp-data-N} that run
     * {@code threadSetup} once when they start.
     *
     * <p>With DJL's PyTorch engine, pass a setup that turns autograd off in the worker ({@code ()
     * -> JniUtils.setGradMode(false)}): PyTorch's grad mode is per thread and on in a new thread,
     * while DJL keeps it off outside gradient collection; loading needs none.
     *
     * @param workers the number of threads, at least 1
     * @param threadSetup run first on each new thread
     * @return the pool
     */
    public static ExecutorService create(int workers, Runnable threadSetup) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory =
                r -> {
                    Runnable withSetup =
                            () -> {
                                threadSetup.run();
                                r.run();
                            };
                    Thread t = new Thread(withSetup, "acosp-data-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                };
        return Executors.newFixedThreadPool(workers, factory);
    }
}
