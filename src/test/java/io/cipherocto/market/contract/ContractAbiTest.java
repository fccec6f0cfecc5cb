package io.cipherocto.market.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contract ABIs published for frontends (frontend-schema/abi/NAME.json) are exactly the ones the build
 * compiled (target/contracts/NAME.abi, from contracts/compile.mjs in generate-sources).
 */
class ContractAbiTest {

    static final Path PUBLISHED = Path.of("frontend-schema", "abi");
    static final Path COMPILED = Path.of("target", "contracts");
    private static final String REGENERATE = "./mvnw test -Dtest=ContractAbiTest -Docto.abi.write=true";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void publishedAbisMatchTheCompiledContracts() throws IOException {
        List<Path> compiled;
        try (Stream<Path> files = Files.list(COMPILED)) {
            compiled = files.filter(p -> p.toString().endsWith(".abi")).sorted().toList();
        }
        assertThat(compiled).as("compiled ABIs in " + COMPILED).isNotEmpty();
        if (Boolean.getBoolean("octo.abi.write")) {
            Files.createDirectories(PUBLISHED);
            for (Path abi : compiled) {
                Files.writeString(published(abi), JSON.writeValueAsString(JSON.readTree(abi.toFile())) + "\n");
            }
        }
        for (Path abi : compiled) {
            Path published = published(abi);
            assertThat(published).withFailMessage(() -> published + " is missing; publish it with:\n  " + REGENERATE)
                    .exists();
            JsonNode expected = JSON.readTree(abi.toFile());
            assertThat(JSON.readTree(published.toFile()))
                    .withFailMessage(() -> published + " differs from the compiled " + abi
                            + "; if the contract change is deliberate, publish it with:\n  " + REGENERATE)
                    .isEqualTo(expected);
        }
        try (Stream<Path> files = Files.list(PUBLISHED)) {
            List<String> stale = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .filter(n -> !Files.exists(COMPILED.resolve(n.replace(".json", ".abi"))))
                    .toList();
            assertThat(stale).as("published ABIs of contracts that no longer exist").isEmpty();
        }
    }

    private static Path published(Path abi) {
        return PUBLISHED.resolve(abi.getFileName().toString().replace(".abi", ".json"));
    }
}
