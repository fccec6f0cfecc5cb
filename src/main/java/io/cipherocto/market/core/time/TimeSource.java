package io.cipherocto.market.core.time;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The time business rules run on (challenge windows, cooldowns, overdue requests): the system clock, which tests may
 * move forward when {@code octo.time.movable} is set, so a rule about "after the window" is tested without waiting.
 * Times are truncated to microseconds, PostgreSQL's precision, so a value read back equals the one written.
 */
@ApplicationScoped
public class TimeSource {

    private final boolean movable;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    TimeSource(@ConfigProperty(name = "octo.time.movable", defaultValue = "false") boolean movable) {
        this.movable = movable;
    }

    public Instant now() {
        return Instant.now().plus(offset.get()).truncatedTo(ChronoUnit.MICROS);
    }

    public OffsetDateTime nowUtc() {
        return OffsetDateTime.ofInstant(now(), ZoneOffset.UTC);
    }

    /** Moves this server's business time forward; refused unless {@code octo.time.movable} (tests only). */
    public void advance(Duration by) {
        if (!movable) {
            throw new IllegalStateException("octo.time.movable is off: business time follows the system clock");
        }
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + by);
        }
        offset.accumulateAndGet(by, Duration::plus);
    }
}
