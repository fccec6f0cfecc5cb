package io.cipherocto.market.contract;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

    /**
     * Every {@link Reason} the server declares is listed in its code's reason table in ERRORS.md, and every listed
     * reason is one the server can send. Reasons are found by scanning the compiled classes for enums implementing
     * {@code Reason}, so a new feature's reasons are checked without being registered anywhere.
     */
    @Test
    void errorCatalogueListsExactlyTheReasonsTheServerSends() throws IOException {
        Map<String, Set<String>> declared = new TreeMap<>();
        for (Class<?> type : compiledClasses()) {
            if (type.isEnum() && Reason.class.isAssignableFrom(type)) {
                for (Object constant : type.getEnumConstants()) {
                    Reason reason = (Reason) constant;
                    declared.computeIfAbsent(reason.code().name(), k -> new TreeSet<>()).add(reason.name());
                }
            }
        }
        assertThat(declared).as("reasons found by the scan").isNotEmpty();
        assertThat(documentedReasons()).isEqualTo(declared);
    }

    /** Per code: the first column of each table whose header starts with `reason`, within that code's section. */
    private static Map<String, Set<String>> documentedReasons() throws IOException {
        Map<String, Set<String>> documented = new TreeMap<>();
        String code = null;
        boolean inReasonTable = false;
        for (String line : Files.readAllLines(Path.of("frontend-schema", "ERRORS.md"))) {
            Matcher heading = Pattern.compile("^### `([A-Z_]+)`").matcher(line);
            if (heading.find()) {
                code = heading.group(1);
                inReasonTable = false;
            } else if (line.startsWith("| `reason`")) {
                inReasonTable = true;
            } else if (inReasonTable && line.startsWith("|")) {
                Matcher cell = Pattern.compile("^\\|\\s*`([A-Z_]+)`").matcher(line);
                if (cell.find()) {
                    documented.computeIfAbsent(code, k -> new TreeSet<>()).add(cell.group(1));
                }
            } else {
                inReasonTable = false;
            }
        }
        return documented;
    }

    private static List<Class<?>> compiledClasses() throws IOException {
        Path root = Path.of("target", "classes");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .filter(name -> name.startsWith("io.cipherocto.market."))
                    .map(FrontendOperationsTest::load).toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, FrontendOperationsTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AssertionError("cannot load " + name, e);
        }
    }
}
