package io.cipherocto.market.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The committed SDL is the frontends' contract: the running server must serve exactly it. */
@QuarkusTest
class SchemaContractTest {

    static final Path COMMITTED = Path.of("frontend-schema", "schema.graphql");
    private static final String REGENERATE =
            "./mvnw test -Dtest=SchemaContractTest -Docto.schema.write=true";

    @Test
    void servedSchemaMatchesTheCommittedFile() throws IOException {
        String served = given().get("/graphql/schema.graphql").then().statusCode(200).extract().asString();
        if (Boolean.getBoolean("octo.schema.write")) {
            Files.writeString(COMMITTED, served);
        }
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED) : "";
        assertThat(normalize(served))
                .withFailMessage(() -> "The served schema drifted from " + COMMITTED + ":\n" + diff(committed, served)
                        + "\nIf the change is deliberate, regenerate the file with:\n  " + REGENERATE)
                .isEqualTo(normalize(committed));
    }

    private static String normalize(String sdl) {
        return sdl.replace("\r\n", "\n").strip();
    }

    private static String diff(String committed, String served) {
        Set<String> before = new LinkedHashSet<>(committed.lines().map(String::strip).toList());
        Set<String> after = new LinkedHashSet<>(served.lines().map(String::strip).toList());
        List<String> out = new ArrayList<>();
        before.stream().filter(l -> !after.contains(l)).forEach(l -> out.add("- " + l));
        after.stream().filter(l -> !before.contains(l)).forEach(l -> out.add("+ " + l));
        return out.isEmpty() ? "  (only order or whitespace differs)" : String.join("\n", out);
    }
}
