package io.ringflow.storage.file;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread for file work kept off a checkpoint's path (deleting retired checkpoints,
 * cutting finished files): started on demand, it runs tasks in the order given, each after a
 * delay so that it does not take a core from the commit and the notifications that follow it,
 * stays between checkpoints (starting one per checkpoint took the commit's core as well) and
 * ends at {@link #awaitDone()} or when idle for {@link #IDLE_MS}.
 */
public final class BackgroundThread {
    static final long IDLE_MS = 2_000;

    private final String name;
    private ScheduledThreadPoolExecutor thread; // guarded by this; one thread, so tasks run in order
    private Future<?> last; // guarded by this

    public BackgroundThread(String name) {
        this.name = name;
    }

    /** Runs {@code task}, which reports its own problems and must not throw, {@code delayMs} from now. */
    public synchronized void schedule(Runnable task, long delayMs) {
        if (thread == null) {
            thread = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread t = new Thread(runnable, name);
                t.setDaemon(true);
                return t;
            });
            thread.setKeepAliveTime(IDLE_MS, TimeUnit.MILLISECONDS);
            thread.allowCoreThreadTimeOut(true);
        }
        last = thread.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until every task given so far is done (one thread: the last one given ends last) and
     * lets the thread go; any thread.
     */
    public void awaitDone() {
        Future<?> pending;
        ScheduledThreadPoolExecutor stopping;
        synchronized (this) {
            pending = last;
            stopping = thread;
            last = null;
            thread = null;
        }
        if (stopping == null) {
            return;
        }
        stopping.shutdown(); // delayed tasks still run: shutdown keeps them by default
        boolean interrupted = false;
        while (true) {
            try {
                pending.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break; // tasks report their own problems
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
