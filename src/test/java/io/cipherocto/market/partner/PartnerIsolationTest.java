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
}
