package io.cipherocto.market.partner;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.model.ModelCatalogTest;
import io.cipherocto.market.model.TestModels;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation of a partner's private (partner-only) listings, with real users of two partner organisations: the
 * owner's organisation sees the model and the agent built on it on every path (by id, in the catalogues, nested
 * under a datanet, a model and an agent, in lineage); another organisation's participants — whatever their tier —
 * participants without a partner and anonymous callers see nothing, and cannot build on it or run a job on it.
 * Jobs and their live events: {@code job/JobLifecycleTest} (an outsider from another organisation).
 */
@QuarkusTest
public class PartnerIsolationTest {

    @Test
    void aPartnerOnlyListingIsInvisibleOutsideItsOrganisationOnEveryPath() {
        String a = "iso-a-" + UUID.randomUUID().toString().substring(0, 8);
        String b = "iso-b-" + UUID.randomUUID().toString().substring(0, 8);
        TestUser owner = TestUsers.user("iso-owner").roles("contributor").partner("COMMUNITY", a).create();
        TestUser colleague = TestUsers.user("iso-mate").roles("consumer").partner("COMMUNITY", a).create();
        TestUser otherPartner = TestUsers.user("iso-other").roles("consumer", "contributor").partner("STRATEGIC", b)
                .create();
        TestUser plain = TestUsers.create("iso-plain", "consumer", "contributor");
        TestUser admin = TestUsers.create("iso-admin", "admin");
        String datanet = ModelCatalogTest.datanet();
        String word = TestModels.word();
        Map<String, Object> input = TestModels.input("Private " + word, "1.0.0", "100");
        input.put("partnerOnly", true);
        input.put("datanetIds", List.of(datanet));
        String model = Gql.as(owner, TestModels.PUBLISH.replace("earlyAccess", "earlyAccess partnerOnly"), "i", input)
                .body("errors", nullValue()).body("data.publishModel.partnerOnly", equalTo(true))
                .extract().path("data.publishModel.id");
        String agent = Gql.as(owner, "mutation($i: CreateAgentInput!) { createAgent(input: $i) { id } }", "i",
                        Map.of("name", "Agent " + word, "description", "private", "pricePerCall", "5",
                                "modelIds", List.of(model)))
                .body("errors", nullValue()).extract().path("data.createAgent.id");
        Gql.as(owner, "mutation($id: ID!) { listAgent(id: $id) { status } }", "id", agent).body("errors", nullValue());

        for (TestUser sees : List.of(owner, colleague, admin)) {
            PartnerAccessTest.assertSees(sees, true, model, agent, datanet, word);
        }
        PartnerAccessTest.assertSees(null, false, model, agent, datanet, word);
        for (TestUser outside : List.of(otherPartner, plain)) {
            PartnerAccessTest.assertSees(outside, false, model, agent, datanet, word);
            Gql.as(outside, "mutation($i: CreateAgentInput!) { createAgent(input: $i) { id } }", "i",
                            Map.of("name", "Copy " + word, "description", "x", "pricePerCall", "5",
                                    "modelIds", List.of(model)))
                    .body("errors[0].extensions.field", equalTo("input.modelIds"));
            Gql.as(outside, "mutation($i: SubmitJobInput!) { submitJob(input: $i) { id } }", "i",
                            Map.of("kind", "INFERENCE", "modelId", model, "gpuClass", "A100", "memoryGb", 8,
                                    "maxDurationSeconds", 60, "budget", "10"))
                    .body("errors[0].extensions.field", equalTo("input.modelId"));
        }

        // made public by its owner: everyone sees it
        Gql.as(owner, "mutation($i: UpdateModelInput!) { updateModel(input: $i) { partnerOnly } }", "i",
                Map.of("id", model, "partnerOnly", false)).body("data.updateModel.partnerOnly", equalTo(false));
        PartnerAccessTest.assertSees(otherPartner, true, model, agent, datanet, word);
        PartnerAccessTest.assertSees(null, true, model, agent, datanet, word);
    }

    @Test
    void aPartnerOnlyQuotaListingIsSeenAndBoughtOnlyInsideItsOrganisation() {
        String a = "iso-qa-" + UUID.randomUUID().toString().substring(0, 8);
        TestUser seller = TestUsers.user("iso-seller").roles("consumer").partner("INTEGRATION", a).create();
        TestUser colleague = TestUsers.user("iso-qmate").roles("consumer").partner("COMMUNITY", a).create();
        TestUser otherPartner = TestUsers.user("iso-qother").roles("consumer").partner("STRATEGIC", "iso-qb-" + a)
                .create();
        TestUser plain = TestUsers.create("iso-qplain", "consumer");
        String family = "fam-" + TestModels.word();
        Map<String, Object> input = new java.util.HashMap<>(Map.of("provider", "OTHER", "modelFamily", family,
                "totalTokens", "1000000", "pricePerMillion", "1000", "facePricePerMillion", "2000",
                "expiresAt", java.time.OffsetDateTime.now().plusDays(30).toString(),
                "gatewayReference", "https://gateway.example/quota/" + UUID.randomUUID(),
                "approvalReference", "provider-approval-42", "partnerOnly", true));
        String listing = Gql.as(seller, "mutation($i: CreateQuotaListingInput!) { createQuotaListing(input: $i) { id "
                        + "partnerOnly } }", "i", input)
                .body("errors", nullValue()).body("data.createQuotaListing.partnerOnly", equalTo(true))
                .extract().path("data.createQuotaListing.id");
        String read = "query($id: ID!, $f: String!) { quotaListing(id: $id) { id } "
                + "quotaListings(filter: { modelFamily: $f }) { edges { node { id } } } }";
        for (TestUser sees : List.of(seller, colleague)) {
            Gql.as(sees, read, "id", listing, "f", family).body("errors", nullValue())
                    .body("data.quotaListing.id", equalTo(listing))
                    .body("data.quotaListings.edges.node.id", equalTo(List.of(listing)));
        }
        Gql.anonymous(read, "id", listing, "f", family).body("errors", nullValue())
                .body("data.quotaListing", nullValue()).body("data.quotaListings.edges", equalTo(List.of()));
        String buy = "mutation($l: ID!) { purchaseQuota(listingId: $l, tokens: \"10\", idempotencyKey: \"k1\") { id } }";
        for (TestUser outside : List.of(otherPartner, plain)) {
            Gql.as(outside, read, "id", listing, "f", family).body("errors", nullValue())
                    .body("data.quotaListing", nullValue()).body("data.quotaListings.edges", equalTo(List.of()));
            // not even buyable: it does not exist for them (before any funds are looked at)
            Gql.as(outside, buy, "l", listing).body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        }
    }
}
