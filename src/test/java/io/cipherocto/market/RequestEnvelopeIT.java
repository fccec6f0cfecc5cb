package io.cipherocto.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.cipherocto.market.support.EnvelopeCases;
import io.cipherocto.market.support.KeycloakResource;
import io.cipherocto.market.support.PackagedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code RequestEnvelopeTest}'s table against the packaged jar (prod profile: no dev error pages, embedded
 * database): every broken request still gets a GraphQL body with a code, never an HTTP 500 or a stack trace.
 */
@Tag("slow")
class RequestEnvelopeIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static PackagedServer server;

    @BeforeAll
    static void start() throws Exception {
        new KeycloakResource().start();
        server = PackagedServer.start("request-envelope", Map.of());
        server.awaitReady(HTTP);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            try {
                assertThat(server.log()).as("no stack trace reached the log for a client's mistake")
                        .doesNotContain("ClassCastException", "too deeply nested", "GraphQL request failed");
                server.stopGracefully();
            } finally {
                server.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.cipherocto.market.support.EnvelopeCases#all")
    void answersWithTheErrorContract(EnvelopeCases.Case c) throws Exception {
        EnvelopeCases.check(HTTP, URI.create("http://127.0.0.1:" + server.port()), c);
    }
}
