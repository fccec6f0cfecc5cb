package io.cipherocto.market.datanet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The datanet catalogue: creating, validating, changing (owner only), curators, history, search, filters, order. */
@QuarkusTest
class DatanetCatalogTest {

    private static final String UPDATE = """
            mutation($input: UpdateDatanetInput!) {
              updateDatanet(input: $input) { id description policy tags terms { bond slashShareBps challengeWindowSeconds } }
            }""";
    private static final String HISTORY = """
            query($id: ID!, $first: Int, $after: String) {
              datanet(id: $id) { history(first: $first, after: $after) {
                edges { node { change detail actor { id } } } pageInfo { hasNextPage endCursor } } }
            }""";
    private static final String CURATORS = """
            query($id: ID!) { datanet(id: $id) { curators { isOwner participant { id } } } }""";
    private static final String ADD = """
            mutation($d: ID!, $p: ID!) { addDatanetCurator(datanetId: $d, participantId: $p) { id } }""";
    private static final String REMOVE = """
            mutation($d: ID!, $p: ID!) { removeDatanetCurator(datanetId: $d, participantId: $p) { id } }""";
    private static final String PAGE = """
            query($first: Int, $after: String, $filter: DatanetFilter, $order: DatanetOrder) {
              datanets(first: $first, after: $after, filter: $filter, orderBy: $order) {
                totalCount edges { node { id name createdAt } } pageInfo { hasNextPage endCursor }
              }
            }""";

    private final TestUser owner = TestUsers.create("owner", "curator");

    @Test
    void theCreatorOwnsAndCuratesTheDatanetWithDefaultTermsAndNormalisedTags() {
        String me = Datanets.signIn(owner);
        Map<String, Object> input = Datanets.input("Horses", "running horses", List.of("Vision", " vision ", "NLP"),
                "OPEN");
        JsonPath created = Gql.as(owner, Datanets.CREATE, "input", input).body("errors", nullValue()).extract()
                .jsonPath();
        assertThat(created.getList("data.createDatanet.tags")).containsExactly("vision", "nlp");
        assertThat(created.getString("data.createDatanet.terms.bond")).isEqualTo("10000000000000000000");
        assertThat(created.getLong("data.createDatanet.terms.challengeWindowSeconds")).isEqualTo(3 * 24 * 3600);
        assertThat(created.getString("data.createDatanet.terms.challengeDeposit")).isEqualTo("5000000000000000000");
        assertThat(created.getInt("data.createDatanet.terms.slashShareBps")).isEqualTo(5000);
        assertThat(created.getInt("data.createDatanet.terms.challengerRewardBps")).isEqualTo(2000);
        assertThat(created.getString("data.createDatanet.owner.id")).isEqualTo(me);
        assertThat(created.getList("data.createDatanet.curators.participant.id")).containsExactly(me);
        assertThat(created.getList("data.createDatanet.curators.isOwner")).containsExactly(true);

        String id = created.getString("data.createDatanet.id");
        Gql.anonymous(HISTORY, "id", id).body("data.datanet.history.edges.node.change", equalTo(List.of("CREATED")))
                .body("data.datanet.history.edges[0].node.actor.id", equalTo(me));
        String slug = created.getString("data.createDatanet.slug");
        Gql.anonymous("query($s: String) { datanet(slug: $s) { id } }", "s", slug)
                .body("data.datanet.id", equalTo(id));
        Gql.anonymous("query($s: String) { datanet(slug: $s) { id } }", "s", slug + "-none")
                .body("errors", nullValue()).body("data.datanet", nullValue());
        Gql.anonymous("{ datanet { id } }").body("errors[0].extensions.code", equalTo("VALIDATION"));
    }

    @Test
    void onlyCuratorsCreateDatanets() {
        TestUser contributor = TestUsers.create("contributor", "contributor");
        Gql.as(contributor, Datanets.CREATE, "input", Datanets.input("x", "", List.of(), "OPEN"))
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].extensions.action", equalTo("CURATE"));
        Gql.anonymous(Datanets.CREATE, "input", Datanets.input("x", "", List.of(), "OPEN"))
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void termsOutsideTheConfiguredBoundsAndBadSlugsAreValidationErrorsAndATakenSlugIsAConflict() {
        assertInvalid(Map.of("slashShareBps", 10_001), "input.terms.slashShareBps");
        assertInvalid(Map.of("challengerRewardBps", -1), "input.terms.challengerRewardBps");
        assertInvalid(Map.of("bond", "0"), "input.terms.bond");
        assertInvalid(Map.of("bond", "10000000000000000000001"), "input.terms.bond");
        assertInvalid(Map.of("challengeWindowSeconds", 60), "input.terms.challengeWindowSeconds");
        assertInvalid(Map.of("challengeDeposit", "1000000000000000000000000"), "input.terms.challengeDeposit");

        Map<String, Object> badSlug = Datanets.input("x", "", List.of(), "OPEN");
        badSlug.put("slug", "Bad_Slug");
        Gql.as(owner, Datanets.CREATE, "input", badSlug).body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("input.slug"));

        Map<String, Object> input = Datanets.input("x", "", List.of(), "OPEN");
        input.put("terms", Map.of("bond", "2000000000000000", "slashShareBps", 10_000));
        Gql.as(owner, Datanets.CREATE, "input", input).body("errors", nullValue())
                .body("data.createDatanet.terms.bond", equalTo("2000000000000000"))
                .body("data.createDatanet.terms.slashShareBps", equalTo(10_000));
        Map<String, Object> again = Datanets.input("y", "", List.of(), "GATED");
        again.put("slug", input.get("slug"));
        Gql.as(owner, Datanets.CREATE, "input", again).body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("DATANET_SLUG_TAKEN"));
    }

    private void assertInvalid(Map<String, Object> terms, String field) {
        Map<String, Object> input = Datanets.input("x", "", List.of(), "OPEN");
        input.put("terms", terms);
        Gql.as(owner, Datanets.CREATE, "input", input).body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo(field));
    }

    @Test
    void onlyTheOwnerUpdatesAndEveryChangeIsInTheHistoryNewestFirst() {
        String id = Datanets.create(owner, "Updatable", "before", List.of("a"), "OPEN");
        TestUser other = TestUsers.create("other", "curator");
        Gql.as(other, UPDATE, "input", Map.of("id", id, "description", "hijacked"))
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].extensions.reason", equalTo("NOT_DATANET_OWNER"));
        Gql.as(owner, UPDATE, "input", Map.of("id", id + "0"))
                .body("errors[0].extensions.code", equalTo("VALIDATION"));

        Gql.as(owner, UPDATE, "input", Map.of("id", id, "description", "after", "policy", "GATED",
                        "terms", Map.of("slashShareBps", 7_500)))
                .body("errors", nullValue())
                .body("data.updateDatanet.description", equalTo("after"))
                .body("data.updateDatanet.policy", equalTo("GATED"))
                .body("data.updateDatanet.tags", equalTo(List.of("a")))
                .body("data.updateDatanet.terms.slashShareBps", equalTo(7_500))
                .body("data.updateDatanet.terms.bond", equalTo("10000000000000000000"));
        Gql.as(owner, UPDATE, "input", Map.of("id", id, "terms", Map.of("slashShareBps", 10_001)))
                .body("errors[0].extensions.field", equalTo("input.terms.slashShareBps"));

        List<String> changes = new ArrayList<>();
        String after = null;
        do {
            JsonPath page = Gql.anonymous(HISTORY, "id", id, "first", 1, "after", after).body("errors", nullValue())
                    .extract().jsonPath();
            changes.addAll(page.getList("data.datanet.history.edges.node.change"));
            after = page.getBoolean("data.datanet.history.pageInfo.hasNextPage")
                    ? page.getString("data.datanet.history.pageInfo.endCursor") : null;
        } while (after != null);
        assertThat(changes).containsExactly("TERMS_UPDATED", "POLICY_CHANGED", "METADATA_UPDATED", "CREATED");
    }

    @Test
    void theOwnerAddsAndRemovesCuratorsButCannotBeRemoved() {
        String me = Datanets.signIn(owner);
        String id = Datanets.create(owner, "Curated", "", List.of(), "OPEN");
        TestUser curator = TestUsers.create("cocurator", "curator");
        String curatorId = Datanets.signIn(curator);
        String contributorId = Datanets.signIn(TestUsers.create("notcurator", "contributor"));

        Gql.as(owner, ADD, "d", id, "p", contributorId).body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("participantId"));
        Gql.as(curator, ADD, "d", id, "p", curatorId).body("errors[0].extensions.reason",
                equalTo("NOT_DATANET_OWNER"));
        Gql.as(owner, ADD, "d", id, "p", curatorId).body("errors", nullValue());
        Gql.as(owner, ADD, "d", id, "p", curatorId).body("errors", nullValue());
        Gql.anonymous(CURATORS, "id", id).body("data.datanet.curators.participant.id", equalTo(List.of(me, curatorId)))
                .body("data.datanet.curators.isOwner", equalTo(List.of(true, false)));

        Gql.as(owner, REMOVE, "d", id, "p", me).body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("OWNER_NOT_REMOVABLE"));
        Gql.as(curator, REMOVE, "d", id, "p", curatorId).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        Gql.as(owner, REMOVE, "d", id, "p", curatorId).body("errors", nullValue());
        Gql.as(owner, REMOVE, "d", id, "p", curatorId).body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        Gql.anonymous(CURATORS, "id", id).body("data.datanet.curators.participant.id", equalTo(List.of(me)));
        Gql.anonymous(HISTORY, "id", id).body("data.datanet.history.edges.node.change",
                equalTo(List.of("CURATOR_REMOVED", "CURATOR_ADDED", "CREATED")));
    }

    @Test
    void searchStemsDescriptionWordsAndFiltersByTagsPolicyAndCurator() {
        String t = Datanets.word();
        TestUser otherOwner = TestUsers.create("otherowner", "curator");
        String otherId = Datanets.signIn(otherOwner);
        String a = Datanets.create(owner, "Set " + t + " a", "Annotated running horses", List.of(t, "vision"),
                "OPEN");
        String b = Datanets.create(owner, "Set " + t + " b", "Spoken language recordings", List.of(t, "audio"),
                "GATED");
        String c = Datanets.create(otherOwner, "Set " + t + " c", "Horse racing results", List.of(t, "vision",
                "tabular"), "GATED");

        assertThat(ids(filter("search", "horse " + t))).containsExactlyInAnyOrder(a, c);
        assertThat(ids(filter("search", "recording " + t))).containsExactly(b);
        assertThat(ids(filter("tags", List.of(t, "Vision")))).containsExactlyInAnyOrder(a, c);
        assertThat(ids(filter("tags", List.of(t, "vision", "tabular")))).containsExactly(c);
        assertThat(ids(filter("tags", List.of(t), "policy", "GATED"))).containsExactlyInAnyOrder(b, c);
        assertThat(ids(filter("tags", List.of(t), "curator", otherId))).containsExactly(c);
        assertThat(ids(filter("search", t, "policy", "OPEN"))).containsExactly(a);
    }

    @Test
    void everyOrderIsStableAcrossPagesWithTiesBrokenById() {
        String t = Datanets.word();
        List<String> created = new ArrayList<>();
        for (String name : List.of("Same", "Same", "Alpha", "Same", "Zulu")) {
            created.add(Datanets.create(owner, name + " " + t, "", List.of(t), "OPEN"));
        }
        Map<String, String> names = new HashMap<>();
        List<String> sameIds = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            String name = List.of("Same", "Same", "Alpha", "Same", "Zulu").get(i);
            names.put(created.get(i), name);
            if (name.equals("Same")) {
                sameIds.add(created.get(i));
            }
        }
        sameIds.sort(Comparator.naturalOrder());
        List<String> byName = new ArrayList<>();
        byName.add(created.get(2));
        byName.addAll(sameIds);
        byName.add(created.get(4));
        assertThat(everyPage(t, "NAME", "ASC")).containsExactlyElementsOf(byName);
        assertThat(everyPage(t, "NAME", "DESC")).containsExactlyElementsOf(reversed(byName));

        assertThat(everyPage(t, "CREATED_AT", "ASC")).containsExactlyElementsOf(created);
        assertThat(everyPage(t, "CREATED_AT", "DESC")).containsExactlyElementsOf(reversed(created));

        List<String> byId = new ArrayList<>(created);
        byId.sort(Comparator.naturalOrder());
        assertThat(everyPage(t, "CONTRIBUTIONS", "ASC")).as("all tie at 0: by id").containsExactlyElementsOf(byId);
        assertThat(everyPage(t, "CONTRIBUTIONS", "DESC")).containsExactlyElementsOf(reversed(byId));
        assertThat(names).hasSize(5);
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    /** Every id of the tag's datanets in the given order, two per page; the pages add up to totalCount. */
    private static List<String> everyPage(String tag, String field, String direction) {
        List<String> ids = new ArrayList<>();
        String after = null;
        int total;
        do {
            JsonPath page = Gql.anonymous(PAGE, "first", 2, "after", after, "filter", Map.of("tags", List.of(tag)),
                    "order", Map.of("field", field, "direction", direction)).body("errors", nullValue()).extract()
                    .jsonPath();
            total = page.getInt("data.datanets.totalCount");
            ids.addAll(page.getList("data.datanets.edges.node.id"));
            after = page.getBoolean("data.datanets.pageInfo.hasNextPage")
                    ? page.getString("data.datanets.pageInfo.endCursor") : null;
        } while (after != null);
        assertThat(ids).hasSize(total);
        return ids;
    }

    private static Map<String, Object> filter(Object... pairs) {
        Map<String, Object> filter = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            filter.put((String) pairs[i], pairs[i + 1]);
        }
        return filter;
    }

    private static List<String> ids(Map<String, Object> filter) {
        JsonPath page = Gql.anonymous(PAGE, "first", 100, "filter", filter).body("errors", nullValue()).extract()
                .jsonPath();
        List<String> ids = page.getList("data.datanets.edges.node.id");
        assertThat(page.getInt("data.datanets.totalCount")).isEqualTo(ids.size());
        return ids;
    }
}
