package io.cipherocto.market.core.time;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One named thread running a task every poll interval (the mirror, the outbox sender): node calls block, so this
 * work stays off the event loop. A stop interrupts the task and waits for it.
 */
public final class PollingWorker {

    private final ScheduledExecutorService executor;

    public PollingWorker(String name, Duration interval, Runnable task) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, name));
        executor.scheduleWithFixedDelay(task, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
