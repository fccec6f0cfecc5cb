package io.cipherocto.market.quota;

import static io.cipherocto.market.quota.Quotas.CREATE;
import static io.cipherocto.market.quota.Quotas.PURCHASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.Ledgers;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bad input and refused purchases: each a clear code (and reason or field), and nothing written. */
@QuarkusTest
public class QuotaRefusalsTest {

    static final BigInteger OCTO = BigInteger.TEN.pow(18);
    static final String MY_LISTINGS = "query($s: ID!) { quotaListings(filter: {seller: $s}) { edges { node { id } } } }";

    @Test
    void listingsAgainstPolicyOrWithBadInputAreRefusedAndNothingIsListed() {
        TestUser seller = TestUsers.create("seller", "consumer");
        String sellerId = Quotas.participantId(seller);
        refusedField(seller, "input.totalTokens", "totalTokens", "0");
        refusedField(seller, "input.totalTokens", "totalTokens", "-5");
        refusedField(seller, "input.totalTokens", "totalTokens", "12.5");
        refusedField(seller, "input.minimumTokens", "minimumTokens", "2000000");
        refusedField(seller, "input.pricePerMillion", "pricePerMillion", "0");
        // a whole listing priced beyond TokenAmount (2^256-1): 10^6 tokens at 2^250 per token-million × 10^6
        refusedField(seller, "input.pricePerMillion", "totalTokens", "9000000000000000000",
                "pricePerMillion", BigInteger.TWO.pow(255).toString());
        refusedField(seller, "input.expiresAt", "expiresAt", OffsetDateTime.now().minusMinutes(1).toString());
        refusedField(seller, "input.gatewayReference", "gatewayReference", "sk-proj-abcdefghijklmnopqrstuvwxyz");
        refusedField(seller, "input.approvalReference", "provider", "OPENAI", "approvalReference", null);
        // beyond TokenAmount itself: refused by the scalar
        Gql.as(seller, CREATE, "i", Quotas.listing("pricePerMillion", BigInteger.TWO.pow(256).toString()))
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
        Gql.as(seller, CREATE, "i", Quotas.listing("provider", "ANTHROPIC"))
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].extensions.reason", equalTo("RESALE_DENIED"));
        Gql.anonymous(MY_LISTINGS, "s", sellerId).body("data.quotaListings.edges.size()", equalTo(0));
        // with the approval attested, OPENAI quota may be listed, and the approval is shown
        Gql.as(seller, CREATE, "i", Quotas.listing("provider", "OPENAI", "approvalReference", "openai-consent-7"))
                .body("errors", nullValue())
                .body("data.createQuotaListing.approvalReference", equalTo("openai-consent-7"));
        Gql.anonymous("{ quotaResalePolicy { provider policy } }")
                .body("data.quotaResalePolicy.find { it.provider == 'ANTHROPIC' }.policy", equalTo("DENIED"))
                .body("data.quotaResalePolicy.find { it.provider == 'OPENAI' }.policy", equalTo("REQUIRES_APPROVAL"));
        // a buyer without the role may not list
        TestUser curator = TestUsers.create("curator", "curator");
        Gql.as(curator, CREATE, "i", Quotas.listing()).body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].extensions.action", equalTo("LIST_QUOTA"));
    }

    @Test
    void refusedPurchasesChargeNothingAndReserveNothing() throws Throwable {
        TestUser seller = TestUsers.create("seller", "consumer");
        TestUser buyer = TestUsers.create("buyer", "consumer");
        TestUser poor = TestUsers.create("buyer", "consumer");
        UUID buyerId = UUID.fromString(Quotas.participantId(buyer));
        UUID poorId = UUID.fromString(Quotas.participantId(poor));
        Ledgers.credit(buyerId, OCTO);
        Ledgers.credit(poorId, BigInteger.valueOf(999));
        String listing = Quotas.createListing(seller, "totalTokens", "5000", "minimumTokens", "1000",
                "pricePerMillion", OCTO.toString());

        refused(buyer, listing, "0", "VALIDATION", null, "tokens");
        refused(buyer, listing, "-3", "VALIDATION", null, "tokens");
        refused(buyer, listing, "99999999999999999999", "VALIDATION", null, "tokens");
        refused(buyer, UUID.randomUUID().toString(), "1000", "NOT_FOUND", null, null);
        refused(buyer, listing, "999", "CONFLICT", "BELOW_MINIMUM", null);
        refused(buyer, listing, "5001", "CONFLICT", "NOT_ENOUGH_REMAINING", null);
        refused(seller, listing, "1000", "FORBIDDEN", "OWN_LISTING", null);
        Gql.as(buyer, PURCHASE, "l", listing, "n", "1000", "k", "")
                .body("errors[0].extensions.field", equalTo("idempotencyKey"));
        // 1000 tokens at 1 OCTO per million cost 10^15; the poor buyer holds 999
        Gql.as(poor, PURCHASE, "l", listing, "n", "1000", "k", "poor-1")
                .body("errors[0].extensions.code", equalTo("INSUFFICIENT_FUNDS"))
                .body("errors[0].extensions.required", equalTo(OCTO.divide(BigInteger.valueOf(1000)).toString()))
                .body("errors[0].extensions.available", equalTo("999"));
        assertThat(Ledgers.balances(poorId)).containsExactly(BigInteger.valueOf(999), BigInteger.ZERO);
        assertThat(Ledgers.balances(buyerId)).containsExactly(OCTO, BigInteger.ZERO);
        Gql.anonymous(Quotas.LISTING, "id", listing).body("data.quotaListing.remainingTokens", equalTo("5000"));
        Gql.as(poor, "{ myQuotaPurchases { edges { node { id } } } }")
                .body("data.myQuotaPurchases.edges.size()", equalTo(0));

        // the last tokens may be bought below the minimum; a delisted listing sells nothing
        Gql.as(buyer, PURCHASE, "l", listing, "n", "4500", "k", "most").body("errors", nullValue());
        Gql.as(buyer, PURCHASE, "l", listing, "n", "500", "k", "rest").body("errors", nullValue());
        refused(buyer, listing, "1", "CONFLICT", "NOT_ENOUGH_REMAINING", null);
        String other = Quotas.createListing(seller);
        Gql.as(buyer, "mutation($id: ID!) { delistQuotaListing(id: $id) { status } }", "id", other)
                .body("errors[0].extensions.reason", equalTo("NOT_LISTING_SELLER"));
        Gql.as(seller, "mutation($id: ID!) { delistQuotaListing(id: $id) { status } }", "id", other)
                .body("data.delistQuotaListing.status", equalTo("DELISTED"));
        refused(buyer, other, "10", "CONFLICT", "LISTING_DELISTED", null);
        Ledgers.assertLedgerBalanced();
    }

    private static void refusedField(TestUser seller, String field, Object... overrides) {
        Gql.as(seller, CREATE, "i", Quotas.listing(overrides))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo(field));
    }

    private static void refused(TestUser buyer, String listing, String tokens, String code, String reason,
            String field) {
        var response = Gql.as(buyer, PURCHASE, "l", listing, "n", tokens, "k", "k-" + UUID.randomUUID())
                .body("errors[0].extensions.code", equalTo(code));
        if (reason != null) {
            response.body("errors[0].extensions.reason", equalTo(reason));
        }
        if (field != null) {
            response.body("errors[0].extensions.field", equalTo(field));
        }
    }
}
