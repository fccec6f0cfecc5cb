package io.cipherocto.market.quota;

import static io.cipherocto.market.quota.Quotas.CANCEL;
import static io.cipherocto.market.quota.Quotas.LISTING;
import static io.cipherocto.market.quota.Quotas.PURCHASE;
import static io.cipherocto.market.quota.Quotas.REPORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.chain.Chain;
import io.cipherocto.market.core.time.TimeSource;
import io.cipherocto.market.support.Await;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.Ledgers;
import io.cipherocto.market.support.Stakers;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * Resold quota end to end on the real ledger: purchase (escrow), idempotent retries, usage released to the seller
 * less the fee, cancellation and expiry refunding exactly the unused part, amounts exact to the base unit.
 */
@QuarkusTest
public class QuotaLifecycleTest {

    static final BigInteger OCTO = BigInteger.TEN.pow(18);

    @Inject
    TimeSource time;

    @Inject
    Chain chain;

    @Test
    void aPurchaseIsEscrowedReleasedByUsageAndTheRestRefundedOnCancel() throws Throwable {
        TestUser seller = TestUsers.create("seller", "consumer");
        TestUser buyer = TestUsers.create("buyer", "consumer");
        UUID sellerId = UUID.fromString(Quotas.participantId(seller));
        UUID buyerId = UUID.fromString(Quotas.participantId(buyer));
        // funded through the real path: a fresh wallet deposits into the vault and the mirror credits it
        Credentials wallet = Stakers.linkedWallet(chain, buyer, OCTO.multiply(BigInteger.TEN));
        Stakers.deposit(chain, wallet, OCTO.multiply(BigInteger.TEN));
        Await.until("deposit credited", () -> available(buyerId).equals(OCTO.multiply(BigInteger.TEN)));
        BigInteger funded = OCTO.multiply(BigInteger.TEN);

        BigInteger ppm = new BigInteger("1000000000000000003"); // awkward: every split rounds
        String listing = Quotas.createListing(seller, "pricePerMillion", ppm.toString(), "minimumTokens", "1000");
        long tokens = 333_333;
        BigInteger price = ceilDiv(ppm.multiply(BigInteger.valueOf(tokens)), BigInteger.valueOf(1_000_000));

        String key = "order-" + UUID.randomUUID();
        JsonPath bought = Gql.as(buyer, PURCHASE, "l", listing, "n", Long.toString(tokens), "k", key)
                .body("errors", nullValue()).extract().jsonPath();
        String purchase = bought.getString("data.purchaseQuota.id");
        assertThat(bought.getString("data.purchaseQuota.price")).isEqualTo(price.toString());
        assertThat(bought.getString("data.purchaseQuota.status")).isEqualTo("OPEN");
        assertThat(Ledgers.balances(buyerId)).containsExactly(funded.subtract(price), price);

        // the same key and request: the same order, charged once; another request with it: CONFLICT
        Gql.as(buyer, PURCHASE, "l", listing, "n", Long.toString(tokens), "k", key)
                .body("errors", nullValue()).body("data.purchaseQuota.id", equalTo(purchase));
        Gql.as(buyer, PURCHASE, "l", listing, "n", "1000", "k", key)
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("IDEMPOTENCY_KEY_REUSED"));
        assertThat(Ledgers.balances(buyerId)).containsExactly(funded.subtract(price), price);

        // usage: only the seller reports; cumulative release, fee on what was released
        Gql.as(buyer, REPORT, "p", purchase, "n", "10", "k", "u0")
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].extensions.reason", equalTo("NOT_LISTING_SELLER"));
        BigInteger feesBefore = Ledgers.platformFees();
        Gql.as(seller, REPORT, "p", purchase, "n", "100000", "k", "u1").body("errors", nullValue());
        JsonPath reported = Gql.as(seller, REPORT, "p", purchase, "n", "1", "k", "u2")
                .body("errors", nullValue()).extract().jsonPath();
        // a retried report changes nothing
        Gql.as(seller, REPORT, "p", purchase, "n", "1", "k", "u2").body("errors", nullValue())
                .body("data.reportQuotaUsage.usedTokens", equalTo("100001"));
        Gql.as(seller, REPORT, "p", purchase, "n", "2", "k", "u2")
                .body("errors[0].extensions.reason", equalTo("IDEMPOTENCY_KEY_REUSED"));
        Gql.as(seller, REPORT, "p", purchase, "n", Long.toString(tokens), "k", "u3")
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("USAGE_EXCEEDS_PURCHASE"))
                .body("errors[0].extensions.remaining", equalTo(Long.toString(tokens - 100_001)));
        BigInteger released = price.multiply(BigInteger.valueOf(100_001)).divide(BigInteger.valueOf(tokens));
        BigInteger fee = released.multiply(BigInteger.valueOf(500)).divide(BigInteger.valueOf(10_000));
        assertThat(reported.getString("data.reportQuotaUsage.released")).isEqualTo(released.toString());
        assertThat(reported.getString("data.reportQuotaUsage.fee")).isEqualTo(fee.toString());
        assertThat(Ledgers.balances(sellerId)[0]).isEqualTo(released.subtract(fee));
        assertThat(Ledgers.platformFees().subtract(feesBefore)).isEqualTo(fee);
        assertThat(Ledgers.balances(buyerId)).containsExactly(funded.subtract(price), price.subtract(released));

        // cancel: only the buyer; the unreleased rest comes back, the unused tokens go back on sale
        Gql.as(seller, CANCEL, "p", purchase).body("errors[0].extensions.reason", equalTo("NOT_PURCHASE_BUYER"));
        Gql.as(buyer, CANCEL, "p", purchase).body("errors", nullValue())
                .body("data.cancelQuotaPurchase.status", equalTo("CLOSED"))
                .body("data.cancelQuotaPurchase.closeReason", equalTo("CANCELLED"))
                .body("data.cancelQuotaPurchase.refunded", equalTo(price.subtract(released).toString()));
        assertThat(Ledgers.balances(buyerId)).containsExactly(funded.subtract(released), BigInteger.ZERO);
        Gql.as(buyer, CANCEL, "p", purchase).body("errors[0].extensions.reason", equalTo("PURCHASE_CLOSED"));
        Gql.as(seller, REPORT, "p", purchase, "n", "1", "k", "late")
                .body("errors[0].extensions.reason", equalTo("PURCHASE_CLOSED"));

        JsonPath stats = Gql.anonymous(LISTING, "id", listing).body("errors", nullValue()).extract().jsonPath();
        assertThat(stats.getString("data.quotaListing.remainingTokens")).isEqualTo(Long.toString(1_000_000 - 100_001));
        assertThat(stats.getString("data.quotaListing.stats.sold")).isEqualTo("100001");
        assertThat(stats.getString("data.quotaListing.stats.used")).isEqualTo("100001");
        assertThat(stats.getString("data.quotaListing.stats.revenue")).isEqualTo(released.subtract(fee).toString());
        BigInteger face = BigInteger.TWO.multiply(OCTO); // 1,000,000 tokens at 2 OCTO per million
        assertThat(stats.getInt("data.quotaListing.stats.recoveryRateBps"))
                .isEqualTo(released.subtract(fee).multiply(BigInteger.valueOf(10_000)).divide(face).intValueExact());
        Gql.anonymous("query($s: ID!) { sellerQuotaStats(sellerId: $s) { sold used revenue } }", "s", sellerId.toString())
                .body("data.sellerQuotaStats.sold", equalTo("100001"))
                .body("data.sellerQuotaStats.revenue", equalTo(released.subtract(fee).toString()));
        Gql.as(buyer, "{ myQuotaPurchases { edges { node { id listing { id } } } } }")
                .body("data.myQuotaPurchases.edges.size()", equalTo(1))
                .body("data.myQuotaPurchases.edges[0].node.listing.id", equalTo(listing));
        Ledgers.assertLedgerBalanced();
    }

    @Test
    void expiryRefundsExactlyTheUnusedPart() throws Throwable {
        TestUser seller = TestUsers.create("seller", "consumer");
        TestUser buyer = TestUsers.create("buyer", "consumer");
        UUID buyerId = UUID.fromString(Quotas.participantId(buyer));
        UUID sellerId = UUID.fromString(Quotas.participantId(seller));
        Ledgers.credit(buyerId, OCTO);
        String listing = Quotas.createListing(seller, "pricePerMillion", "7777777777", "totalTokens", "3000",
                "expiresAt", time.nowUtc().plusHours(1).toString());
        String purchase = Gql.as(buyer, PURCHASE, "l", listing, "n", "2999", "k", "exp-1").body("errors", nullValue())
                .extract().path("data.purchaseQuota.id");
        BigInteger price = ceilDiv(BigInteger.valueOf(7_777_777_777L * 2999), BigInteger.valueOf(1_000_000));
        Gql.as(seller, REPORT, "p", purchase, "n", "1234", "k", "r1").body("errors", nullValue());
        BigInteger released = price.multiply(BigInteger.valueOf(1234)).divide(BigInteger.valueOf(2999));
        BigInteger fee = released.multiply(BigInteger.valueOf(500)).divide(BigInteger.valueOf(10_000));

        time.advance(Duration.ofHours(2));

        Await.until("the expired purchase closed", Duration.ofSeconds(30),
                () -> Gql.as(buyer, "{ myQuotaPurchases { edges { node { status closeReason refunded } } } }")
                        .extract().jsonPath(),
                p -> "CLOSED".equals(p.getString("data.myQuotaPurchases.edges[0].node.status")));
        Gql.as(buyer, "{ myQuotaPurchases { edges { node { status closeReason refunded } } } }")
                .body("data.myQuotaPurchases.edges[0].node.closeReason", equalTo("EXPIRED"))
                .body("data.myQuotaPurchases.edges[0].node.refunded", equalTo(price.subtract(released).toString()));
        assertThat(Ledgers.balances(buyerId)).containsExactly(OCTO.subtract(released), BigInteger.ZERO);
        assertThat(Ledgers.balances(sellerId)[0]).isEqualTo(released.subtract(fee));
        // an expired listing sells nothing more
        TestUser late = TestUsers.create("buyer", "consumer");
        Ledgers.credit(UUID.fromString(Quotas.participantId(late)), OCTO);
        Gql.as(late, PURCHASE, "l", listing, "n", "1", "k", "late-1")
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("LISTING_EXPIRED"));
        Ledgers.assertLedgerBalanced();
    }

    @Test
    void awkwardAmountsSettleExactlyToTheBaseUnit() throws Throwable {
        TestUser seller = TestUsers.create("seller", "consumer");
        TestUser buyer = TestUsers.create("buyer", "consumer");
        UUID buyerId = UUID.fromString(Quotas.participantId(buyer));
        UUID sellerId = UUID.fromString(Quotas.participantId(seller));
        BigInteger huge = BigInteger.TWO.pow(255);
        Ledgers.credit(buyerId, huge.add(BigInteger.ONE));

        // one base unit: 1 token at 1 base unit per million costs ceil(1 / 10^6) = 1; the 5 % fee of 1 is 0
        String tiny = Quotas.createListing(seller, "pricePerMillion", "1", "facePricePerMillion", "1",
                "totalTokens", "1");
        String one = Gql.as(buyer, PURCHASE, "l", tiny, "n", "1", "k", "tiny").body("errors", nullValue())
                .body("data.purchaseQuota.price", equalTo("1")).extract().path("data.purchaseQuota.id");
        Gql.as(seller, REPORT, "p", one, "n", "1", "k", "all").body("errors", nullValue())
                .body("data.reportQuotaUsage.released", equalTo("1")).body("data.reportQuotaUsage.fee", equalTo("0"))
                .body("data.reportQuotaUsage.status", equalTo("CLOSED"))
                .body("data.reportQuotaUsage.closeReason", equalTo("USED_UP"));
        assertThat(Ledgers.balances(sellerId)[0]).isEqualTo(BigInteger.ONE);

        // 2^255: a million tokens at 2^255 per million cost exactly 2^255
        String big = Quotas.createListing(seller, "pricePerMillion", huge.toString(), "facePricePerMillion",
                huge.toString());
        String order = Gql.as(buyer, PURCHASE, "l", big, "n", "1000000", "k", "big").body("errors", nullValue())
                .body("data.purchaseQuota.price", equalTo(huge.toString())).extract().path("data.purchaseQuota.id");
        BigInteger feesBefore = Ledgers.platformFees();
        Gql.as(seller, REPORT, "p", order, "n", "1", "k", "b1").body("errors", nullValue());
        Gql.as(seller, REPORT, "p", order, "n", "333332", "k", "b2").body("errors", nullValue());
        BigInteger released = huge.multiply(BigInteger.valueOf(333_333)).divide(BigInteger.valueOf(1_000_000));
        BigInteger fee = released.multiply(BigInteger.valueOf(500)).divide(BigInteger.valueOf(10_000));
        assertThat(Ledgers.balances(sellerId)[0]).isEqualTo(BigInteger.ONE.add(released).subtract(fee));
        assertThat(Ledgers.platformFees().subtract(feesBefore)).isEqualTo(fee);
        Gql.as(buyer, CANCEL, "p", order).body("errors", nullValue())
                .body("data.cancelQuotaPurchase.refunded", equalTo(huge.subtract(released).toString()));
        // seller + platform + buyer's refund = the price, to the base unit
        assertThat(Ledgers.balances(buyerId)).containsExactly(huge.add(BigInteger.ONE).subtract(BigInteger.ONE)
                .subtract(released), BigInteger.ZERO);
        Ledgers.assertLedgerBalanced();
    }

    private static BigInteger available(UUID participant) {
        try {
            return Ledgers.balances(participant)[0];
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static BigInteger ceilDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }
}
