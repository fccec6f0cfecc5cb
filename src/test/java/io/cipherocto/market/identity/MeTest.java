package io.cipherocto.market.identity;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Await;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.cipherocto.market.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MeTest {

    @Inject
    Pool pool;

    private static final String ME = "{ me { id username roles partnerId partnerTier createdAt wallets { address } } }";

    @Test
    void meMirrorsTheTokenClaims() {
        TestUser contributor = TestUsers.user("contributor").roles("contributor").partner("COMMUNITY").create();
        Gql.as(contributor, ME).statusCode(200)
                .body("errors", nullValue())
                .body("data.me.username", equalTo(contributor.username()))
                .body("data.me.roles", contains("CONTRIBUTOR"))
                .body("data.me.partnerId", equalTo(contributor.partnerId()))
                .body("data.me.partnerTier", equalTo("COMMUNITY"))
                .body("data.me.wallets", empty());
        TestUser both = TestUsers.user("both").roles("consumer", "contributor").partner("INTEGRATION").create();
        Gql.as(both, ME).body("data.me.roles", containsInAnyOrder("CONTRIBUTOR", "CONSUMER"))
                .body("data.me.partnerTier", equalTo("INTEGRATION"));
    }

    @Test
    void theRealmExportMapsPartnerClaimsIntoTokens() {
        // about keycloak/realm-octo.json itself (its named users and claim mappers), hence a realm user
        Gql.withToken(Tokens.ofRealmUser("ivy"), ME).body("errors", nullValue())
                .body("data.me.username", equalTo("ivy"))
                .body("data.me.roles", containsInAnyOrder("CONTRIBUTOR", "CONSUMER"))
                .body("data.me.partnerId", equalTo("p-ivy"))
                .body("data.me.partnerTier", equalTo("INTEGRATION"));
    }

    @Test
    void meIsStableAcrossCalls() {
        TestUser operator = TestUsers.user("operator").roles("operator").partner("STRATEGIC").create();
        String first = Gql.as(operator, ME).extract().path("data.me.id");
        Gql.as(operator, ME).body("data.me.id", equalTo(first)).body("data.me.partnerTier", equalTo("STRATEGIC"));
    }

    @Test
    void changedClaimsRefreshTheParticipant() {
        TestUser user = TestUsers.user("refreshed").roles("consumer", "contributor").partner("INTEGRATION").create();
        String id = Gql.as(user, ME).extract().path("data.me.id");
        // as if Keycloak had said something else last time
        pool.preparedQuery("UPDATE participant SET partner_tier = 'STRATEGIC', roles = '{}' WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(5));
        Gql.as(user, ME).body("data.me.id", equalTo(id))
                .body("data.me.partnerTier", equalTo("INTEGRATION"))
                .body("data.me.roles", containsInAnyOrder("CONTRIBUTOR", "CONSUMER"));
    }

    @Test
    void userWithoutPartnerClaimsHasNoTier() {
        Gql.as(TestUsers.create("nobody"), ME).body("errors", nullValue())
                .body("data.me.roles", empty())
                .body("data.me.partnerTier", nullValue())
                .body("data.me.partnerId", nullValue());
    }

    @Test
    void anonymousMeIsUnauthenticated() {
        Gql.anonymous(ME).statusCode(200).body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void forgedTokenIsRefused() {
        String real = TestUsers.create("forger", "contributor").token();
        String[] parts = real.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        Gql.withToken(forged, ME).statusCode(401).body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        Gql.withToken("not-a-jwt", "{ __typename }").statusCode(401)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void expiredTokenIsRefused() {
        String shortLived = Tokens.fetch(TestUsers.create("expiring", "contributor"), "octo-e2e-short");
        Gql.withToken(shortLived, ME).statusCode(200).body("data.me.username", notNullValue());
        // the token lives two seconds; the server may allow some clock skew on top
        Await.until("the two-second token is refused", Duration.ofSeconds(15),
                () -> Gql.withToken(shortLived, ME).extract().statusCode() == 401);
        Gql.withToken(shortLived, ME).statusCode(401).body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void mutationsNeedAToken() {
        Gql.anonymous("mutation { walletChallenge(address: \"0x0000000000000000000000000000000000000001\") { nonce } }")
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"))
                .body("data", nullValue());
        Gql.anonymous("mutation { linkWallet(address: \"0x0000000000000000000000000000000000000001\", "
                + "signature: \"0x00\") { address } }")
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
    }
}
