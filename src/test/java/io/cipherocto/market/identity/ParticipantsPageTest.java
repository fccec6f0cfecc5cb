package io.cipherocto.market.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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

    private final TestUser admin = TestUsers.create("admin", "admin");

    @Test
    void pagesThroughEveryParticipantOnceInStableOrder() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.add(signIn(TestUsers.create("member", "consumer")));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        int total = -1;
        for (int guard = 0; guard < 10_000; guard++) {
            JsonPath page = Gql.as(admin, PAGE, "first", 2, "after", after).body("errors", nullValue())
                    .extract().jsonPath();
            total = page.getInt("data.participants.totalCount");
            seen.addAll(page.getList("data.participants.edges.node.id"));
            if (!page.getBoolean("data.participants.pageInfo.hasNextPage")) {
                break;
            }
            after = page.getString("data.participants.pageInfo.endCursor");
        }
        assertThat(seen).doesNotHaveDuplicates().hasSize(total).containsAll(mine);
    }

    @Test
    void filtersByTierAndRole() {
        String operator = signIn(TestUsers.user("operator").roles("operator").partner("STRATEGIC").create());
        String curator = signIn(TestUsers.user("curator").roles("curator").partner("INTEGRATION").create());

        List<Map<String, Object>> strategic = everyPage("tier", "STRATEGIC");
        assertThat(strategic).extracting(n -> (Object) n.get("partnerTier")).containsOnly("STRATEGIC");
        assertThat(strategic).extracting(n -> (Object) n.get("id")).contains(operator).doesNotContain(curator);

        List<Map<String, Object>> curators = everyPage("role", "CURATOR");
        assertThat(curators).extracting(n -> (List<?>) n.get("roles")).allMatch(roles -> roles.contains("CURATOR"));
        assertThat(curators).extracting(n -> (Object) n.get("id")).contains(curator).doesNotContain(operator);
    }

    @Test
    void pageSizeIsCapped() {
        Gql.as(admin, PAGE, "first", 101).body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("first"));
        Gql.as(admin, PAGE, "first", 0).body("errors[0].extensions.field", equalTo("first"));
        Gql.as(admin, PAGE, "first", 100).body("errors", nullValue());
    }

    @Test
    void aTamperedCursorIsAValidationError() {
        Gql.as(admin, PAGE, "after", "garbage!").body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("after"));
        String forged = Base64.getUrlEncoder().encodeToString("v1|yesterday|42".getBytes(StandardCharsets.UTF_8));
        Gql.as(admin, PAGE, "after", forged).body("errors[0].extensions.code", equalTo("VALIDATION"));
        String valid = Gql.as(admin, PAGE, "first", 1).extract().path("data.participants.pageInfo.endCursor");
        String truncated = valid.substring(0, valid.length() - 3);
        Gql.as(admin, PAGE, "after", truncated).body("errors[0].extensions.code", equalTo("VALIDATION"));
    }

    @Test
    void onlyAdminsMayList() {
        TestUser contributor = TestUsers.user("contributor").roles("contributor").partner("COMMUNITY").create();
        Gql.as(contributor, PAGE).body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("data", nullValue());
        Gql.anonymous(PAGE).body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
    }

    /** Signs the user in once (which makes the participant) and returns the participant id. */
    private static String signIn(TestUser user) {
        return Gql.as(user, "{ me { id } }").body("errors", nullValue()).extract().path("data.me.id");
    }

    /** Every node of the filtered list, page by page; the pages add up to {@code totalCount}. */
    private List<Map<String, Object>> everyPage(String filter, String value) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        String after = null;
        int total;
        do {
            JsonPath page = Gql.as(admin, PAGE, "first", 100, "after", after, filter, value)
                    .body("errors", nullValue()).extract().jsonPath();
            total = page.getInt("data.participants.totalCount");
            nodes.addAll(page.getList("data.participants.edges.node"));
            after = page.getBoolean("data.participants.pageInfo.hasNextPage")
                    ? page.getString("data.participants.pageInfo.endCursor") : null;
        } while (after != null);
        assertThat(nodes).as("%s = %s", filter, value).hasSize(total);
        return nodes;
    }
}
