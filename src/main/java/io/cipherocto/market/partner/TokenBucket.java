package io.cipherocto.market.partner;

/**
 * One caller's query-cost bucket on this replica, in micro-points (exact integers, no floating point): it refills
 * continuously at the rate it is given and never holds more than the capacity it is given — both come from the
 * policy in force at each use, so a policy edit applies at the next request.
 */
final class TokenBucket {

    static final long MICRO = 1_000_000L;

    /** What a bucket holds after a use, in points, and when it will be full again. */
    record Status(long available, long capacity, long rate, long fullInSeconds) {
    }

    private long micro;
    private long at;

    TokenBucket(long capacity, long now) {
        this.micro = capacity * MICRO;
        this.at = now;
    }

    /** Takes {@code cost} points if the bucket holds them (true), else takes nothing (false). */
    synchronized boolean take(long cost, long capacity, long rate, long now) {
        refill(capacity, rate, now);
        if (micro < cost * MICRO) {
            return false;
        }
        micro -= cost * MICRO;
        return true;
    }

    /** Gives back {@code points} (what a request reserved beyond what it cost), never above capacity. */
    synchronized void refund(long points, long capacity, long rate, long now) {
        refill(capacity, rate, now);
        micro = Math.min(capacity * MICRO, micro + Math.max(0, points) * MICRO);
    }

    synchronized Status status(long capacity, long rate, long now) {
        refill(capacity, rate, now);
        long missing = capacity * MICRO - micro;
        return new Status(micro / MICRO, capacity, rate, ceilDiv(missing, rate * MICRO));
    }

    /** Seconds until {@code points} are available (0 when they are). */
    synchronized long secondsUntil(long points, long capacity, long rate, long now) {
        refill(capacity, rate, now);
        return ceilDiv(Math.max(0, points * MICRO - micro), rate * MICRO);
    }

    private void refill(long capacity, long rate, long now) {
        long elapsed = Math.max(0, now - at);
        at = now;
        long full = capacity * MICRO;
        // rate points/s = rate micro-points/µs; past the time to fill, the bucket is full (and nothing overflows)
        long micros = elapsed / 1_000;
        micro = micros >= full / Math.max(1, rate) + 1 ? full : Math.min(full, micro + micros * rate);
    }

    private static long ceilDiv(long a, long b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }
}
