package io.cipherocto.market.contract;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import io.cipherocto.market.core.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The example operations frontends copy from must be valid against the committed schema. */
class FrontendOperationsTest {

    private static final Path OPERATIONS = Path.of("frontend-schema", "operations");

    @TestFactory
    Stream<DynamicTest> everyExampleOperationValidates() throws IOException {
        GraphQLSchema schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(
                new SchemaParser().parse(Files.readString(SchemaContractTest.COMMITTED)));
        List<Path> files;
        try (Stream<Path> list = Files.list(OPERATIONS)) {
            files = list.filter(p -> p.toString().endsWith(".graphql")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            ParseAndValidateResult result = ParseAndValidate.parseAndValidate(schema,
                    ExecutionInput.newExecutionInput(Files.readString(file)).build());
            assertThat(result.getErrors()).as(file.toString()).isEmpty();
        }));
    }

    @Test
    void errorCatalogueListsExactlyTheCodesTheServerSends() throws IOException {
        Matcher headings = Pattern.compile("(?m)^### `([A-Z_]+)`")
                .matcher(Files.readString(Path.of("frontend-schema", "ERRORS.md")));
        List<String> documented = headings.results().map(m -> m.group(1)).toList();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
    }
}
