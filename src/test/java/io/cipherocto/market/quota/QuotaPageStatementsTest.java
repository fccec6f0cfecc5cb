package io.cipherocto.market.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Commands;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.SqlStatements;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.jboss.logging.Logger;

/**
 * A page of quota listings with seller and stats, and a page of purchases with their listings, cost a fixed number
 * of SQL statements whatever their size. Counted on a quiet server (no chain worker, no finalizer or expiry round).
 */
@QuarkusTest
@TestProfile(QuotaPageStatementsTest.Quiet.class)
public class QuotaPageStatementsTest {

    private static final Logger LOG = Logger.getLogger(QuotaPageStatementsTest.class);

    public static class Quiet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> quiet = new HashMap<>(new SqlStatements.Quiet().getConfigOverrides());
            quiet.put("octo.quota.expire-every", "PT1H");
            return quiet;
        }
    }

    static final String LISTINGS = """
            query($s: ID!, $n: Int!) { quotaListings(first: $n, filter: {seller: $s, activeOnly: true},
                                                      orderBy: {field: PRICE, direction: ASC}) {
              edges { cursor node { id provider pricePerMillion seller { id username wallets { address } }
                                    stats { sold used remaining revenue recoveryRateBps } } }
              pageInfo { hasNextPage endCursor } } }""";
    static final String PURCHASES = """
            query($n: Int!) { myQuotaPurchases(first: $n) { edges { node { id price
              listing { id seller { id } stats { sold } } } } } }""";

    @Test
    void pagesOfListingsAndPurchasesCostTheSameStatementsAtAnySize() throws Throwable {
        TestUser seller = TestUsers.create("seller", "consumer");
        TestUser buyer = TestUsers.create("buyer", "consumer");
        UUID sellerId = UUID.fromString(Quotas.participantId(seller));
        UUID buyerId = UUID.fromString(Quotas.participantId(buyer));
        seed(sellerId, buyerId, 60);
        Gql.as(buyer, LISTINGS, "s", sellerId.toString(), "n", 2).body("errors", nullValue());
        Gql.as(buyer, PURCHASES, "n", 2).body("errors", nullValue());

        long small = SqlStatements.of(() -> Gql.as(buyer, LISTINGS, "s", sellerId.toString(), "n", 5)
                .body("errors", nullValue()).body("data.quotaListings.edges.size()", equalTo(5)));
        long large = SqlStatements.of(() -> Gql.as(buyer, LISTINGS, "s", sellerId.toString(), "n", 50)
                .body("errors", nullValue()).body("data.quotaListings.edges.size()", equalTo(50))
                .body("data.quotaListings.edges[49].node.stats.sold", equalTo("10")));
        long fewPurchases = SqlStatements.of(() -> Gql.as(buyer, PURCHASES, "n", 5).body("errors", nullValue())
                .body("data.myQuotaPurchases.edges.size()", equalTo(5)));
        long manyPurchases = SqlStatements.of(() -> Gql.as(buyer, PURCHASES, "n", 50).body("errors", nullValue())
                .body("data.myQuotaPurchases.edges.size()", equalTo(50)));
        LOG.infof("statements: listings 5 = %d, 50 = %d; purchases 5 = %d, 50 = %d", small, large,
                fewPurchases, manyPurchases);
        assertThat(small).isPositive();
        assertThat(large).isEqualTo(small);
        assertThat(manyPurchases).isEqualTo(fewPurchases);

        // the keyset pages through the whole set in order, without repeats
        String cursor = Gql.as(buyer, LISTINGS, "s", sellerId.toString(), "n", 30).extract()
                .path("data.quotaListings.pageInfo.endCursor");
        Gql.as(buyer, LISTINGS.replace("first: $n,", "first: $n, after: \"" + cursor + "\","), "s",
                        sellerId.toString(), "n", 50)
                .body("errors", nullValue()).body("data.quotaListings.edges.size()", equalTo(30));
    }

    /** {@code n} listings with one purchase of 10 tokens each, written straight to the tables. */
    private static void seed(UUID seller, UUID buyer, int n) throws Throwable {
        Commands.inTransaction(s -> s.createNativeQuery("""
                        WITH made AS (
                            INSERT INTO quota_listing (id, seller_id, provider, model_family, total_tokens,
                                   remaining_tokens, price_per_million, face_price_per_million, minimum_tokens,
                                   expires_at, gateway_reference, status, created_at, updated_at)
                            SELECT gen_random_uuid(), :s, 'OTHER', 'llama', 1000, 990, 1000 + i, 2000, 1,
                                   now() + interval '30 days', 'gw-' || i, 'LISTED', now(), now()
                              FROM generate_series(1, :n) i
                            RETURNING id)
                        INSERT INTO quota_purchase (id, listing_id, buyer_id, tokens, price, fee_bps, status,
                               idempotency_key, request_hash, created_at)
                        SELECT gen_random_uuid(), id, :b, 10, 1, 500, 'OPEN', id::text, 'x', now() FROM made""")
                .setParameter("s", seller).setParameter("b", buyer).setParameter("n", n).executeUpdate());
    }
}
