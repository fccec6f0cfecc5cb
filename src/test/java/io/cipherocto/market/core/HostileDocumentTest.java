package io.cipherocto.market.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.ResolverProbe;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Documents meant to exhaust the server are refused before any resolver or SQL runs. */
@QuarkusTest
class HostileDocumentTest {

    @Test
    void nestingFiftyDeepIsRefused() {
        String deep = "{ __schema { types { fields { type " + "{ ofType ".repeat(48) + "{ name }" + " }".repeat(48)
                + " } } } }";
        ResolverProbe.reset();
        Gql.anonymous(deep).statusCode(200)
                .body("errors[0].extensions.code", equalTo("QUERY_TOO_COMPLEX"))
                .body("data", nullValue());
        assertThat(ResolverProbe.invocations()).isZero();
    }

    @Test
    void fiveHundredAliasesAreRefusedBeforeAnyResolverRuns() {
        StringBuilder doc = new StringBuilder("{");
        for (int i = 0; i < 500; i++) {
            doc.append(" a").append(i).append(": me { id username }");
        }
        doc.append(" }");
        String token = TestUsers.create("hostile").token();
        ResolverProbe.reset();
        Gql.withToken(token, doc.toString()).statusCode(200)
                .body("errors[0].extensions.code", equalTo("QUERY_TOO_COMPLEX"))
                .body("data", nullValue());
        assertThat(ResolverProbe.invocations()).isZero();
        // the probe does see resolvers when they run
        Gql.withToken(token, "{ me { id } }").body("errors", nullValue());
        assertThat(ResolverProbe.invocations()).isPositive();
    }

    @Test
    void tooManyTokensAreRefused() {
        String doc = "{ " + "__typename ".repeat(6000) + "}";
        Gql.anonymous(doc).body("errors[0].extensions.code", equalTo("QUERY_TOO_COMPLEX"));
    }

    @Test
    void syntaxErrorsAndUnknownFieldsAreBadRequests() {
        Gql.anonymous("{ me { ").body("errors[0].extensions.code", equalTo("BAD_REQUEST"));
        Gql.anonymous("{ noSuchField }").body("errors[0].extensions.code", equalTo("BAD_REQUEST"));
    }

    @Test
    void theStandardIntrospectionQueryStillWorks() {
        // GraphQL UI and code generators send it; the limits must leave room for it.
        Gql.anonymous(graphql.introspection.IntrospectionQuery.INTROSPECTION_QUERY)
                .body("errors", nullValue())
                .body("data.__schema.queryType.name", equalTo("Query"));
    }

    @Test
    void aWronglyTypedVariableIsOneValidationErrorWithoutInternals() {
        // a client error, reported once: not echoed as a null in a non-null field, not a stack trace
        Gql.anonymous("query($n: Int) { participants(first: $n) { pageInfo { hasNextPage } } }", "n", "x")
                .body("errors.extensions.code", contains("VALIDATION"))
                .body("errors[0].message", not(containsString("Exception")));
    }
}
