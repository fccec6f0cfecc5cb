package io.cipherocto.market.quota.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.settlement.LedgerService;
import io.cipherocto.market.settlement.Posting;
import io.cipherocto.market.support.Commands;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a timed test (skipped unless {@code -Docto.bench=true}; README "Benchmark"): many buyers buy from few
 * listings through the GraphQL API, {@code CLIENTS} requests in flight; prints purchases per second and p50/p99
 * latency, then checks that no listing was oversold and the ledger still balances.
 */
@QuarkusTest
@Tag("bench")
@EnabledIfSystemProperty(named = "octo.bench", matches = "true")
public class QuotaPurchaseBench {

    static final int BUYERS = Integer.getInteger("octo.bench.buyers", 200);
    static final int LISTINGS = Integer.getInteger("octo.bench.listings", 4);
    static final int PURCHASES = Integer.getInteger("octo.bench.purchases", 4000);
    static final int CLIENTS = Integer.getInteger("octo.bench.clients", 32);
    static final long SLICE = 100;
    static final String PURCHASE = """
            mutation($l: ID!, $n: String!, $k: String!) { purchaseQuota(listingId: $l, tokens: $n, idempotencyKey: $k) {
              id price } }""";
    static final String CREATE = "mutation($i: CreateQuotaListingInput!) { createQuotaListing(input: $i) { id } }";

    @Test
    void purchasesPerSecondAndP99WithManyBuyersOnFewListings() throws Throwable {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            TestUser seller = TestUsers.create("bench-seller", "consumer");
            // stock for 90 % of the purchases: the last ones meet sold-out listings, as a real rush does
            long stockPerListing = PURCHASES * SLICE * 9 / 10 / LISTINGS;
            List<String> listings = new ArrayList<>();
            for (int i = 0; i < LISTINGS; i++) {
                listings.add(Gql.as(seller, CREATE, "i", Map.of("provider", "OTHER", "modelFamily", "bench",
                        "totalTokens", Long.toString(stockPerListing), "pricePerMillion", "1000000000000000003",
                        "facePricePerMillion", "2000000000000000000", "expiresAt",
                        OffsetDateTime.now().plusDays(1).toString(), "gatewayReference", "gw-bench",
                        "approvalReference", "bench")).extract().<String>path("data.createQuotaListing.id"));
            }
            List<Future<TestUser>> made = new ArrayList<>();
            for (int i = 0; i < BUYERS; i++) {
                made.add(pool.submit(() -> {
                    TestUser u = TestUsers.create("bench", "consumer");
                    Gql.as(u, "{ me { id } }");
                    return u;
                }));
            }
            List<TestUser> buyers = new ArrayList<>();
            List<UUID> ids = new ArrayList<>();
            for (Future<TestUser> f : made) {
                TestUser u = f.get();
                buyers.add(u);
                ids.add(UUID.fromString(Gql.as(u, "{ me { id } }").extract().path("data.me.id")));
            }
            LedgerService ledger = Arc.container().instance(LedgerService.class).get();
            BigInteger funds = BigInteger.TEN.pow(24);
            Commands.inTransaction(s -> {
                io.smallrye.mutiny.Uni<Void> work = io.smallrye.mutiny.Uni.createFrom().voidItem();
                for (UUID id : ids) {
                    work = work.chain(() -> ledger.post(s, Posting.deposit(id, funds, "bench:" + UUID.randomUUID()))
                            .replaceWithVoid());
                }
                return work;
            });

            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            Map<String, AtomicLong> soldByListing = new ConcurrentHashMap<>();
            AtomicLong ok = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            List<Future<?>> calls = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < PURCHASES; i++) {
                TestUser buyer = buyers.get(i % BUYERS);
                String listing = listings.get(i % LISTINGS);
                calls.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    JsonPath r = Gql.as(buyer, PURCHASE, "l", listing, "n", Long.toString(SLICE),
                            "k", UUID.randomUUID().toString()).extract().jsonPath();
                    latencies.add(System.nanoTime() - start);
                    if (r.getString("data.purchaseQuota.id") != null) {
                        ok.incrementAndGet();
                        soldByListing.computeIfAbsent(listing, k -> new AtomicLong()).addAndGet(SLICE);
                    } else {
                        assertThat(r.getString("errors[0].extensions.reason")).isEqualTo("NOT_ENOUGH_REMAINING");
                        refused.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : calls) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("QUOTA BENCH: %d purchases (%d ok, %d sold out) by %d buyers on %d listings, %d clients: "
                    + "%.0f purchases/s, p50 %.1f ms, p99 %.1f ms%n", PURCHASES, ok.get(), refused.get(), BUYERS,
                    LISTINGS, CLIENTS, PURCHASES / seconds, sorted.get(sorted.size() / 2) / 1e6,
                    sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6);

            for (String listing : listings) {
                long remaining = Long.parseLong(Gql.anonymous("query($id: ID!) { quotaListing(id: $id) { "
                        + "remainingTokens } }", "id", listing).extract().path("data.quotaListing.remainingTokens"));
                long sold = soldByListing.getOrDefault(listing, new AtomicLong()).get();
                assertThat(sold).as("never oversold").isLessThanOrEqualTo(stockPerListing)
                        .isEqualTo(stockPerListing - remaining);
            }
            Object total = Commands.inTransaction(s -> s.createNativeQuery(
                    "SELECT COALESCE(sum(amount), 0) FROM ledger_entry", Object.class).getSingleResult());
            assertThat(Rows.bigInteger(total)).as("ledger sums to zero").isZero();
            Object escrow = Commands.inTransaction(s -> s.createNativeQuery("""
                    SELECT COALESCE(sum(a.balance), 0) - (SELECT COALESCE(sum(p.price), 0) FROM quota_purchase p
                                                           WHERE p.buyer_id = ANY (CAST(:b AS uuid[])))
                      FROM ledger_account a WHERE a.kind = 'ESCROW' AND a.participant_id = ANY (CAST(:b AS uuid[]))""",
                    Object.class).setParameter("b", ids.toArray(UUID[]::new)).getSingleResult());
            assertThat(Rows.bigInteger(escrow)).as("escrow = prices of the successful purchases").isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
