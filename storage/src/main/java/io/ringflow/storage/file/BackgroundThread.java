package io.ringflow.storage.file;

import io.ringflow.storage.CpuSlices;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread for file work kept off a checkpoint's path (deleting retired checkpoints,
 * cutting finished files): started on demand, it runs tasks in the order given, each after a
 * delay so that it does not take a core from the commit and the notifications that follow it,
 * stays between checkpoints (starting one per checkpoint took the commit's core as well) and
 * ends at {@link #awaitDone()} or when idle for {@link #IDLE_MS} (or as long as given).
 */
public final class BackgroundThread {
    static final long IDLE_MS = 2_000;

    private final String name;
    private final long yieldAfterNanos;
    private final long idleMs;
    private ScheduledThreadPoolExecutor thread; // guarded by this; one thread, so tasks run in order

    public BackgroundThread(String name) {
        this(name, 0);
    }

    /** @param yieldAfterNanos how often its work yields the core to a waiting thread ({@link CpuSlices}); 0: never */
    public BackgroundThread(String name, long yieldAfterNanos) {
        this(name, yieldAfterNanos, IDLE_MS);
    }

    /** @param idleMs how long the thread stays after its last task */
    public BackgroundThread(String name, long yieldAfterNanos, long idleMs) {
        this.name = name;
        this.yieldAfterNanos = yieldAfterNanos;
        this.idleMs = idleMs;
    }

    /** Runs {@code task}, which reports its own problems and must not throw, {@code delayMs} from now. */
    public synchronized void schedule(Runnable task, long delayMs) {
        if (thread == null) {
            thread = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread t = new Thread(() -> {
                    CpuSlices.enable(yieldAfterNanos);
                    runnable.run();
                }, name);
                t.setDaemon(true);
                return t;
            });
            thread.setKeepAliveTime(idleMs, TimeUnit.MILLISECONDS);
            thread.allowCoreThreadTimeOut(true);
        }
        thread.schedule(() -> {
            CpuSlices.between(); // one task after another: a task thread waiting for this core goes first
            task.run();
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until every task given so far is done (delayed ones included: one given later with a
     * shorter delay may end first) and lets the thread go; any thread.
     */
    public void awaitDone() {
        ScheduledThreadPoolExecutor stopping;
        synchronized (this) {
            stopping = thread;
            thread = null;
        }
        if (stopping == null) {
            return;
        }
        stopping.shutdown(); // delayed tasks still run: shutdown keeps them by default
        boolean interrupted = false;
        while (true) {
            try {
                if (stopping.awaitTermination(1, TimeUnit.SECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
