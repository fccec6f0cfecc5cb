package io.cipherocto.market.quota;

import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Quota test helpers (buyers are credited through {@link io.cipherocto.market.support.Ledgers}). */
final class Quotas {

    static final String PURCHASE_FIELDS = "id listingId tokens price feeBps usedTokens released fee refunded status "
            + "closeReason idempotencyKey";
    static final String PURCHASE = """
            mutation($l: ID!, $n: String!, $k: String!) { purchaseQuota(listingId: $l, tokens: $n, idempotencyKey: $k) {
              %s } }""".formatted(PURCHASE_FIELDS);
    static final String REPORT = """
            mutation($p: ID!, $n: String!, $k: String!) { reportQuotaUsage(purchaseId: $p, tokensUsed: $n,
              idempotencyKey: $k) { %s } }""".formatted(PURCHASE_FIELDS);
    static final String CANCEL = "mutation($p: ID!) { cancelQuotaPurchase(purchaseId: $p) { " + PURCHASE_FIELDS + " } }";
    static final String CREATE = """
            mutation($i: CreateQuotaListingInput!) { createQuotaListing(input: $i) {
              id provider modelFamily totalTokens remainingTokens pricePerMillion minimumTokens status
              approvalReference seller { id } } }""";
    static final String LISTING = """
            query($id: ID!) { quotaListing(id: $id) { id remainingTokens status
              stats { sold used remaining revenue faceValue recoveryRateBps } } }""";

    private Quotas() {
    }

    static String participantId(TestUser user) {
        return Gql.as(user, "{ me { id } }").body("errors", nullValue()).extract().path("data.me.id");
    }

    /** A listing input with sensible defaults; {@code overrides} replace fields. */
    static Map<String, Object> listing(Object... overrides) {
        Map<String, Object> input = new HashMap<>();
        input.put("provider", "OTHER");
        input.put("modelFamily", "llama-3-70b");
        input.put("totalTokens", "1000000");
        input.put("pricePerMillion", "1000000000000000000");
        input.put("facePricePerMillion", "2000000000000000000");
        input.put("minimumTokens", "1");
        input.put("expiresAt", OffsetDateTime.now().plusDays(30).toString());
        input.put("gatewayReference", "https://gateway.example/quota/" + UUID.randomUUID());
        input.put("approvalReference", "provider-approval-42");
        for (int i = 0; i < overrides.length; i += 2) {
            input.put((String) overrides[i], overrides[i + 1]);
        }
        return input;
    }

    static String createListing(TestUser seller, Object... overrides) {
        return Gql.as(seller, CREATE, "i", listing(overrides)).body("errors", nullValue()).extract()
                .path("data.createQuotaListing.id");
    }
}
