package io.cipherocto.market.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Models through the API with real Keycloak users: publishing (unique per owner, name and version, datanets that
 * exist), fine-tunes by the owner only, lineage both ways, metadata changes, and the catalogue's filters and orders.
 */
@QuarkusTest
public class ModelCatalogTest {

    static final String MODELS = """
            query($f: ModelFilter, $o: ModelOrder, $n: Int, $after: String) {
              models(filter: $f, orderBy: $o, first: $n, after: $after) {
                totalCount edges { node { id pricePerInference } } pageInfo { hasNextPage endCursor } } }""";
    static final String LINEAGE = """
            query($id: ID!, $d: Int) { modelLineage(id: $id, depth: $d) {
              model { id } ancestors { depth model { id version } }
              descendants { depth model { id version parent { id } } } } }""";
    static final String UPDATE = "mutation($i: UpdateModelInput!) { updateModel(input: $i) { " + TestModels.FIELDS
            + " } }";

    @Test
    void aPublishedModelCarriesItsManifestAndTheDatanetsItWasTrainedOn() {
        TestUser owner = TestUsers.create("modeller", "contributor");
        String datanet = datanet();
        Map<String, Object> input = TestModels.input("Vision " + TestModels.word(), "1.0.0", "2500");
        input.put("datanetIds", List.of(datanet, datanet));
        input.put("tags", List.of("Vision", "vision", "OCR"));
        input.put("earlyAccess", true);
        JsonPath model = Gql.as(owner, TestModels.PUBLISH, "i", input).body("errors", nullValue()).extract()
                .jsonPath();
        assertThat(model.getString("data.publishModel.owner.id")).isEqualTo(TestModels.signIn(owner));
        assertThat(model.getList("data.publishModel.datanets.id")).containsExactly(datanet);
        assertThat(model.getList("data.publishModel.tags")).containsExactly("vision", "ocr");
        assertThat(model.getString("data.publishModel.pricePerInference")).isEqualTo("2500");
        assertThat(model.getBoolean("data.publishModel.earlyAccess")).isTrue();
        assertThat(model.getString("data.publishModel.parent")).isNull();

        String id = model.getString("data.publishModel.id");
        // early access: its owner sees it on the datanet, an anonymous caller does not (PartnerAccessTest: the rest)
        Gql.as(owner, "query($d: ID!) { datanet(id: $d) { models { id } } }", "d", datanet)
                .body("data.datanet.models.id", equalTo(List.of(id)));
        Gql.anonymous("query($d: ID!) { datanet(id: $d) { models { id } } }", "d", datanet)
                .body("data.datanet.models.id", equalTo(List.of()));
        // same owner, name and version again
        input.put("weightsHash", TestModels.hash());
        Gql.as(owner, TestModels.PUBLISH, "i", input).body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("MODEL_VERSION_TAKEN"));
        // another owner may use the same name and version
        TestUser other = TestUsers.create("modeller", "operator");
        input.put("datanetIds", List.of());
        Gql.as(other, TestModels.PUBLISH, "i", input).body("errors", nullValue());
    }

    @Test
    void badManifestsAreRefusedWithTheirFieldAndNothingWritten() {
        TestUser owner = TestUsers.create("modeller", "contributor");
        String name = "Bad " + TestModels.word();
        refused(owner, with(name, "datanetIds", List.of(UUID.randomUUID().toString())), "input.datanetIds");
        refused(owner, with(name, "weightsHash", "abc"), "input.weightsHash");
        refused(owner, with(name, "version", "1.0 beta"), "input.version");
        refused(owner, with(name, "name", " "), "input.name");
        Gql.as(owner, TestModels.PUBLISH, "i", with(name, "pricePerInference", "-1"))
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
        Gql.as(owner, TestModels.PUBLISH, "i", with(name, "pricePerInference",
                        java.math.BigInteger.TWO.pow(256).toString()))
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
        Gql.as(viewer(), MODELS, "f", Map.of("search", name)).body("data.models.totalCount", equalTo(0));

        TestUser consumer = TestUsers.create("consumer", "consumer");
        Gql.as(consumer, TestModels.PUBLISH, "i", TestModels.input(name, "1", "1"))
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].extensions.action", equalTo("PUBLISH_MODEL"));
    }

    @Test
    void onlyTheOwnerFineTunesAndLineageWalksBothWays() {
        TestUser owner = TestUsers.create("modeller", "contributor");
        String v1 = TestModels.publish(owner);
        String v2 = fineTune(owner, v1, "2.0.0");
        String v3 = fineTune(owner, v2, "3.0.0");
        String v2b = fineTune(owner, v1, "2.1.0");

        TestUser other = TestUsers.create("modeller", "contributor");
        Gql.as(other, TestModels.FINE_TUNE, "i", fineTuneInput(v1, "9.0.0"))
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].extensions.reason", equalTo("NOT_MODEL_OWNER"));
        Gql.as(owner, TestModels.FINE_TUNE, "i", fineTuneInput(UUID.randomUUID().toString(), "9.0.0"))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        Gql.as(owner, TestModels.FINE_TUNE, "i", fineTuneInput(v1, "2.0.0"))
                .body("errors[0].extensions.reason", equalTo("MODEL_VERSION_TAKEN"));

        JsonPath lineage = Gql.anonymous(LINEAGE, "id", v2).body("errors", nullValue()).extract().jsonPath();
        assertThat(lineage.getList("data.modelLineage.ancestors.model.id")).containsExactly(v1);
        assertThat(lineage.getList("data.modelLineage.descendants.model.id")).containsExactly(v3);
        JsonPath fromRoot = Gql.anonymous(LINEAGE, "id", v1).extract().jsonPath();
        assertThat(fromRoot.getList("data.modelLineage.ancestors")).isEmpty();
        assertThat(fromRoot.getList("data.modelLineage.descendants.model.id")).containsExactlyInAnyOrder(v2, v2b, v3);
        assertThat(fromRoot.getList("data.modelLineage.descendants.depth")).containsExactly(1, 1, 2);
        JsonPath shallow = Gql.anonymous(LINEAGE, "id", v3, "d", 1).extract().jsonPath();
        assertThat(shallow.getList("data.modelLineage.ancestors.model.id")).containsExactly(v2);
        Gql.anonymous(LINEAGE, "id", v3, "d", 0).body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("depth"));
        Gql.anonymous(LINEAGE, "id", UUID.randomUUID().toString()).body("data.modelLineage", nullValue());
    }

    @Test
    void theOwnerChangesMetadataAndPriceButNotTheManifest() {
        TestUser owner = TestUsers.create("modeller", "contributor");
        String id = TestModels.publish(owner);
        Map<String, Object> change = new HashMap<>(Map.of("id", id, "pricePerInference", "7", "earlyAccess", true));
        Gql.as(owner, UPDATE, "i", change).body("errors", nullValue())
                .body("data.updateModel.pricePerInference", equalTo("7"))
                .body("data.updateModel.earlyAccess", equalTo(true))
                .body("data.updateModel.licence", equalTo("Apache-2.0"));
        TestUser other = TestUsers.create("modeller", "contributor");
        Gql.as(other, UPDATE, "i", Map.of("id", id, "pricePerInference", "1"))
                .body("errors[0].extensions.reason", equalTo("NOT_MODEL_OWNER"));
        Gql.as(other, "query($id: ID!) { model(id: $id) { pricePerInference } }", "id", id)
                .body("data.model", nullValue()); // now early access: invisible to a caller without the tier
        Gql.as(owner, "query($id: ID!) { model(id: $id) { pricePerInference } }", "id", id)
                .body("data.model.pricePerInference", equalTo("7"));
    }

    @Test
    void theCatalogueFiltersAndPagesByExactPrice() {
        TestUser owner = TestUsers.create("modeller", "contributor");
        String word = TestModels.word();
        String datanet = datanet();
        String huge = java.math.BigInteger.TWO.pow(255).toString();
        List<String> prices = List.of("10", "9", huge, "100000000000000000000", "0");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < prices.size(); i++) {
            Map<String, Object> input = TestModels.input("Catalog " + word, "1." + i, prices.get(i));
            input.put("tags", i % 2 == 0 ? List.of(word, "even") : List.of(word));
            input.put("baseModel", i < 2 ? "Mistral-7B" : "llama-3-8b");
            input.put("datanetIds", i == 1 ? List.of(datanet) : List.of());
            input.put("earlyAccess", i == 4);
            ids.add(TestModels.publish(owner, input));
        }
        Map<String, Object> asc = Map.of("field", "PRICE", "direction", "ASC");
        JsonPath first = Gql.as(viewer(), MODELS, "f", Map.of("search", word), "o", asc, "n", 2)
                .body("errors", nullValue())
                .body("data.models.totalCount", equalTo(5)).extract().jsonPath();
        assertThat(first.getList("data.models.edges.node.pricePerInference")).containsExactly("0", "9");
        JsonPath rest = Gql.as(viewer(), MODELS, "f", Map.of("search", word), "o", asc, "n", 10, "after",
                first.getString("data.models.pageInfo.endCursor")).extract().jsonPath();
        assertThat(rest.getList("data.models.edges.node.pricePerInference"))
                .containsExactly("10", "100000000000000000000", huge);

        assertThat(ids(Map.of("tags", List.of(word, "EVEN"))))
                .containsExactlyInAnyOrder(ids.get(0), ids.get(2), ids.get(4));
        assertThat(ids(Map.of("search", word, "baseModel", "mistral-7b")))
                .containsExactlyInAnyOrder(ids.get(0), ids.get(1));
        assertThat(ids(Map.of("datanet", datanet))).containsExactly(ids.get(1));
        assertThat(ids(Map.of("search", word, "earlyAccess", true))).containsExactly(ids.get(4));
        assertThat(ids(Map.of("search", word, "priceRange", Map.of("min", "9", "max", "100000000000000000000"))))
                .containsExactlyInAnyOrder(ids.get(0), ids.get(1), ids.get(3));
        assertThat(ids(Map.of("owner", TestModels.signIn(owner), "priceRange", Map.of("min", huge))))
                .containsExactly(ids.get(2));
        Gql.as(viewer(), MODELS, "f", Map.of("priceRange", Map.of("min", "2", "max", "1")))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("filter.priceRange"));
    }

    private static TestUser viewer;

    /** Reads the catalogue as a STRATEGIC partner, who sees early-access models too (PartnerAccessTest: who not). */
    private static synchronized TestUser viewer() {
        if (viewer == null) {
            viewer = TestUsers.user("catalog-viewer").roles("consumer").partner("STRATEGIC").create();
        }
        return viewer;
    }

    private static List<String> ids(Map<String, Object> filter) {
        return Gql.as(viewer(), MODELS, "f", filter, "n", 50).body("errors", nullValue()).extract().jsonPath()
                .getList("data.models.edges.node.id");
    }

    private static String fineTune(TestUser owner, String parent, String version) {
        JsonPath made = Gql.as(owner, TestModels.FINE_TUNE, "i", fineTuneInput(parent, version))
                .body("errors", nullValue()).extract().jsonPath();
        assertThat(made.getString("data.fineTuneModel.parent.id")).isEqualTo(parent);
        assertThat(made.getString("data.fineTuneModel.jobReference")).isEqualTo("job-" + version);
        return made.getString("data.fineTuneModel.id");
    }

    private static Map<String, Object> fineTuneInput(String parent, String version) {
        return Map.of("parentId", parent, "version", version, "weightsHash", TestModels.hash(),
                "jobReference", "job-" + version);
    }

    private static Map<String, Object> with(String name, String key, Object value) {
        Map<String, Object> input = TestModels.input(name, "1.0.0", "1");
        input.put(key, value);
        return input;
    }

    private static void refused(TestUser owner, Map<String, Object> input, String field) {
        Gql.as(owner, TestModels.PUBLISH, "i", input).body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo(field));
    }

    /** A fresh OPEN datanet made by a fresh curator. */
    public static String datanet() {
        TestUser curator = TestUsers.create("curator", "curator");
        Map<String, Object> input = Map.of("name", "Training " + TestModels.word(), "slug",
                "dn-" + UUID.randomUUID().toString().substring(0, 13), "licence", "CC0", "policy", "OPEN");
        return Gql.as(curator, "mutation($i: CreateDatanetInput!) { createDatanet(input: $i) { id } }", "i", input)
                .body("errors", nullValue()).extract().path("data.createDatanet.id");
    }
}
