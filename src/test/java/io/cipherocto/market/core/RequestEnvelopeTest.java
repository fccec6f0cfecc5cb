package io.cipherocto.market.core;

import io.cipherocto.market.support.EnvelopeCases;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every broken request envelope gets a GraphQL body with a code, never a 500 (issue 7, part 1). */
@QuarkusTest
class RequestEnvelopeTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TestHTTPResource("/")
    URL base;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.cipherocto.market.support.EnvelopeCases#all")
    void answersWithTheErrorContract(EnvelopeCases.Case c) throws Exception {
        EnvelopeCases.check(HTTP, URI.create(base.toString()), c);
    }
}
