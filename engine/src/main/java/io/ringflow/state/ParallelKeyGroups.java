package io.ringflow.state;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one piece of work per key group on the calling thread and on idle helper threads: a
 * restored state decodes its key groups this way, since each has a map of its own. The caller
 * claims key groups as the helpers do and then waits only for those a helper is still decoding,
 * so a helper that gets no core (every core busy, or every helper lent to another restoring
 * task) costs nothing: the caller decodes all of it. Helpers are daemon threads, at most one
 * fewer than the cores (three at most), ended 1 s after their last work: restores are rare.
 */
final class ParallelKeyGroups {
    /** Below this many entries, handing work to a helper costs more than it saves. */
    static final long MIN_ENTRIES = 20_000;
    private static final int HELPERS = Math.min(3, Runtime.getRuntime().availableProcessors() - 1);
    private static final ThreadPoolExecutor POOL = HELPERS <= 0 ? null : newPool();

    private ParallelKeyGroups() {
    }

    /** Work on the key group of index {@code index}; called at most once per index, from any thread. */
    interface Work {
        void run(int index);
    }

    /**
     * Runs {@code work} for every index below {@code count}; returns once all are done. The
     * first failure is thrown here (key groups not yet begun are skipped then).
     *
     * @param entries how many entries the work decodes in all, to decide whether helpers are worth it
     */
    static void forEach(int count, long entries, Work work) {
        if (POOL == null || count < 2 || entries < MIN_ENTRIES) {
            for (int i = 0; i < count; i++) {
                work.run(i);
            }
            return;
        }
        Claims claims = new Claims(count, work, Thread.currentThread().getContextClassLoader());
        for (int h = Math.min(HELPERS, count - 1); h > 0; h--) {
            POOL.execute(claims::helpOut); // dropped when every helper is busy
        }
        claims.drain();
        claims.awaitAll();
    }

    /** The helper threads this process may use: 0 on one core. */
    static int helpers() {
        return Math.max(0, HELPERS);
    }

    private static ThreadPoolExecutor newPool() {
        AtomicInteger serial = new AtomicInteger();
        return new ThreadPoolExecutor(0, HELPERS, 1, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "ringflow-restore-helper-" + serial.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    private static final class Claims {
        private final int count;
        private final Work work;
        private final ClassLoader callerLoader;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch done;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Claims(int count, Work work, ClassLoader callerLoader) {
            this.count = count;
            this.work = work;
            this.callerLoader = callerLoader;
            this.done = new CountDownLatch(count);
        }

        /** On a helper: as the caller, with the caller's context class loader (a codec may resolve classes by it). */
        void helpOut() {
            Thread self = Thread.currentThread();
            ClassLoader own = self.getContextClassLoader();
            self.setContextClassLoader(callerLoader);
            try {
                drain();
            } finally {
                self.setContextClassLoader(own);
            }
        }

        void drain() {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        work.run(i);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        }

        /** Waits for the key groups helpers claimed; a task cancelled meanwhile keeps its interrupt, the wait is short. */
        void awaitAll() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (t instanceof Error error) {
                throw error;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }
}
