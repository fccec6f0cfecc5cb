package io.cipherocto.market.quota;

import static io.cipherocto.market.quota.Quotas.PURCHASE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.Ledgers;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 200 fresh buyers fire purchases at one listing at once, 32 at a time, with stock for 140 of them. Buyers are
 * funded by test-only deposit postings ({@link Quotas#credit}): the same posting a mirrored vault deposit makes,
 * in one transaction, because 200 on-chain deposits at seconds each would dominate the test without testing more
 * of the quota code (QuotaLifecycleTest funds its buyer through the chain).
 */
@QuarkusTest
@Tag("slow")
public class QuotaConcurrencyTest {

    static final int BUYERS = 200;
    static final long SLICE = 1_000;
    static final long STOCK = 140 * SLICE;

    @Test
    void twoHundredConcurrentPurchasesNeverOversellAndChargeEachBuyerOnceOrNotAtAll() throws Throwable {
        TestUser seller = TestUsers.create("seller", "consumer");
        BigInteger ppm = new BigInteger("1000000000000000007");
        String listing = Quotas.createListing(seller, "totalTokens", Long.toString(STOCK),
                "pricePerMillion", ppm.toString());
        BigInteger price = QuotaPricing.price(SLICE, ppm);
        BigInteger funds = price.multiply(BigInteger.valueOf(3)).add(BigInteger.valueOf(17));

        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            // fresh users, signed in (participant rows made) in parallel
            List<Future<TestUser>> made = new ArrayList<>();
            for (int i = 0; i < BUYERS; i++) {
                made.add(pool.submit(() -> {
                    TestUser u = TestUsers.create("crowd", "consumer");
                    Quotas.participantId(u);
                    return u;
                }));
            }
            List<TestUser> buyers = new ArrayList<>();
            Map<TestUser, UUID> ids = new HashMap<>();
            for (Future<TestUser> f : made) {
                buyers.add(f.get());
            }
            for (TestUser u : buyers) {
                ids.put(u, UUID.fromString(Quotas.participantId(u)));
            }
            Map<UUID, BigInteger> credits = new HashMap<>();
            ids.values().forEach(id -> credits.put(id, funds));
            Ledgers.credit(credits);

            Map<TestUser, String> keys = new HashMap<>();
            buyers.forEach(u -> keys.put(u, "crowd-" + UUID.randomUUID()));
            Map<TestUser, JsonPath> first = fire(pool, buyers, listing, keys);

            List<TestUser> won = buyers.stream()
                    .filter(u -> first.get(u).getString("data.purchaseQuota.id") != null).toList();
            List<TestUser> lost = buyers.stream().filter(u -> !won.contains(u)).toList();
            for (TestUser u : lost) {
                assertThat(first.get(u).getString("errors[0].extensions.reason")).as("refusal of " + u)
                        .isEqualTo("NOT_ENOUGH_REMAINING");
            }
            assertThat(won).hasSize((int) (STOCK / SLICE));
            JsonPath after = Gql.anonymous(Quotas.LISTING, "id", listing).extract().jsonPath();
            long remaining = Long.parseLong(after.getString("data.quotaListing.remainingTokens"));
            long sold = Long.parseLong(after.getString("data.quotaListing.stats.sold"));
            assertThat(sold).isEqualTo(won.size() * SLICE).isEqualTo(STOCK - remaining).isLessThanOrEqualTo(STOCK);
            for (TestUser u : won) {
                assertThat(Ledgers.balances(ids.get(u))).as("charged once: " + u)
                        .containsExactly(funds.subtract(price), price);
            }
            for (TestUser u : lost) {
                assertThat(Ledgers.balances(ids.get(u))).as("charged nothing: " + u)
                        .containsExactly(funds, BigInteger.ZERO);
            }
            Ledgers.assertLedgerBalanced();

            // every buyer retries with the same key: the winners get the same order, nobody is charged again
            Map<TestUser, JsonPath> retried = fire(pool, buyers, listing, keys);
            for (TestUser u : won) {
                assertThat(retried.get(u).getString("data.purchaseQuota.id")).as("same order for " + u)
                        .isEqualTo(first.get(u).getString("data.purchaseQuota.id"));
                assertThat(Ledgers.balances(ids.get(u))).containsExactly(funds.subtract(price), price);
            }
            for (TestUser u : lost) {
                assertThat(retried.get(u).getString("errors[0].extensions.reason")).isEqualTo("NOT_ENOUGH_REMAINING");
                assertThat(Ledgers.balances(ids.get(u))).containsExactly(funds, BigInteger.ZERO);
            }
            Ledgers.assertLedgerBalanced();
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<TestUser, JsonPath> fire(ExecutorService pool, List<TestUser> buyers, String listing,
            Map<TestUser, String> keys) throws Exception {
        Map<TestUser, Future<JsonPath>> calls = new HashMap<>();
        for (TestUser u : buyers) {
            calls.put(u, pool.submit(() -> Gql.as(u, PURCHASE, "l", listing, "n", Long.toString(SLICE),
                    "k", keys.get(u)).extract().jsonPath()));
        }
        Map<TestUser, JsonPath> results = new HashMap<>();
        for (Map.Entry<TestUser, Future<JsonPath>> e : calls.entrySet()) {
            results.put(e.getKey(), e.getValue().get());
        }
        return results;
    }
}
