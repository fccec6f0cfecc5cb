package io.cipherocto.market.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Gql;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin's participant list: the shared connection machinery on a real table. */
@QuarkusTest
class ParticipantsPageTest {

    private static final String PAGE = """
            query($first: Int, $after: String, $tier: PartnerTier, $role: Role) {
              participants(first: $first, after: $after, partnerTier: $tier, role: $role) {
                totalCount
                edges { cursor node { id username partnerTier roles wallets { address } } }
                pageInfo { hasNextPage endCursor }
              }
            }""";

    @BeforeEach
    void everyUserHasSignedInOnce() {
        for (String user : List.of("alice", "carol", "oscar", "conrad", "ada", "ivy", "nobody")) {
            Gql.as(user, "{ me { id } }").body("errors", nullValue());
        }
    }

    @Test
    void pagesThroughEveryParticipantOnceInStableOrder() {
        List<String> seen = new ArrayList<>();
        String after = null;
        int total = -1;
        for (int guard = 0; guard < 100; guard++) {
            JsonPath page = Gql.as("ada", PAGE, "first", 2, "after", after).body("errors", nullValue())
                    .extract().jsonPath();
            total = page.getInt("data.participants.totalCount");
            seen.addAll(page.getList("data.participants.edges.node.id"));
            if (!page.getBoolean("data.participants.pageInfo.hasNextPage")) {
                break;
            }
            after = page.getString("data.participants.pageInfo.endCursor");
        }
        assertThat(seen).doesNotHaveDuplicates().hasSize(total).hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void filtersByTierAndRole() {
        Gql.as("ada", PAGE, "tier", "STRATEGIC").body("errors", nullValue())
                .body("data.participants.edges.node.partnerTier", everyItem(equalTo("STRATEGIC")))
                .body("data.participants.edges.node.username", hasItem("oscar"));
        Gql.as("ada", PAGE, "role", "CURATOR")
                .body("data.participants.edges.node.username", hasItem("carol"))
                .body("data.participants.totalCount", equalTo(1));
    }

    @Test
    void pageSizeIsCapped() {
        Gql.as("ada", PAGE, "first", 101).body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("first"));
        Gql.as("ada", PAGE, "first", 0).body("errors[0].extensions.field", equalTo("first"));
        Gql.as("ada", PAGE, "first", 100).body("errors", nullValue());
    }

    @Test
    void aTamperedCursorIsAValidationError() {
        Gql.as("ada", PAGE, "after", "garbage!").body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("after"));
        String forged = Base64.getUrlEncoder().encodeToString("v1|yesterday|42".getBytes(StandardCharsets.UTF_8));
        Gql.as("ada", PAGE, "after", forged).body("errors[0].extensions.code", equalTo("VALIDATION"));
        String valid = Gql.as("ada", PAGE, "first", 1).extract().path("data.participants.pageInfo.endCursor");
        String truncated = valid.substring(0, valid.length() - 3);
        Gql.as("ada", PAGE, "after", truncated).body("errors[0].extensions.code", equalTo("VALIDATION"));
    }

    @Test
    void onlyAdminsMayList() {
        Gql.as("alice", PAGE).body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("data", nullValue());
        Gql.anonymous(PAGE).body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
    }
}
