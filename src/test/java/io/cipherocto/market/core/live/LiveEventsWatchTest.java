package io.cipherocto.market.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.cipherocto.market.support.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A watch over real NOTIFYs from PostgreSQL: a burst of changes while a read is busy. */
@QuarkusTest
class LiveEventsWatchTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int NOTICES = 20;

    @Inject
    LiveEvents live;

    @Inject
    Pool pool;

    @Test
    void aBurstOfChangesDuringAReadIsCoalescedNotFatal() {
        String key = UUID.randomUUID().toString();
        AtomicInteger state = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        // a slow read (as under load): every notice of the burst arrives while the first re-read is still running
        AssertSubscriber<Integer> watcher = live.watch("watch-test", key, () -> Uni.createFrom().item(() -> {
            reads.incrementAndGet();
            return state.get();
        }).onItem().delayIt().by(Duration.ofMillis(500))).subscribe().withSubscriber(AssertSubscriber.create(100));
        watcher.awaitItems(1, WAIT);

        // each notice in its own transaction (PostgreSQL folds identical notices of one transaction into one)
        String payload = "{\"topic\":\"watch-test\",\"key\":\"" + key + "\"}";
        state.set(NOTICES);
        Uni.join().all(IntStream.range(0, NOTICES)
                .mapToObj(i -> pool.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(LiveEvents.CHANNEL, payload)))
                .toList()).andFailFast().await().atMost(WAIT);

        // the watch survives the burst and ends on the latest state, having read far fewer times than it was told
        Await.until("the state after the burst (or the watch's failure)", WAIT,
                () -> watcher.getFailure() != null || watcher.getItems().getLast() == NOTICES);
        assertThat(watcher.getFailure()).as("the watch's failure").isNull();
        List<Integer> items = watcher.getItems();
        assertThat(items.getFirst()).isZero();
        assertThat(reads.get()).as("reads for %s notices", NOTICES).isLessThan(NOTICES / 2);
        watcher.cancel();
    }
}
