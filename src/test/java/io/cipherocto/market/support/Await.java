package io.cipherocto.market.support;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded polling for outcomes that arrive asynchronously (the chain mirror, the outbox, a server starting, a
 * token expiring). Tests wait for what they expect, never for a fixed time: a condition that holds at once
 * costs nothing, one that never holds fails with what was last seen.
 */
public final class Await {

    /** Default bound for the server's own asynchronous work (mirror polls every 200 ms in tests). */
    public static final Duration DEFAULT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 100;

    /** A probe that may throw (an HTTP call, a JSON-RPC call); its exceptions fail the wait at once. */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    private Await() {
    }

    /** Polls {@code condition} until it holds, at most {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition::getAsBoolean, Boolean.TRUE::equals, () -> "");
    }

    /** {@link #until(String, Duration, BooleanSupplier)} with the {@link #DEFAULT} bound. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition);
    }

    /** Polls {@code probe} until its value satisfies {@code done}, at most {@code timeout}; returns that value. */
    public static <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<? super T> done) {
        return until(what, timeout, probe, done, () -> "");
    }

    /**
     * Polls {@code probe} until its value satisfies {@code done}, at most {@code timeout}, and returns that value.
     * On timeout fails with {@code what}, the last value seen and {@code diagnostics} (e.g. server log tails).
     */
    public static <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<? super T> done,
            Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last;
        while (true) {
            try {
                last = probe.get();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError("probe failed while waiting for: " + what, e);
            }
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() >= deadline) {
                break;
            }
            pause();
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what
                + "; last seen: " + (last instanceof JsonPath json ? json.prettify() : last) + diagnostics.get());
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
