package io.cipherocto.market.identity;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import static io.cipherocto.market.support.Wallets.address;
import static io.cipherocto.market.support.Wallets.sign;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

@QuarkusTest
class WalletLinkingTest {

    private static final String CHALLENGE = "mutation($address: EvmAddress!) { walletChallenge(address: $address) { address nonce message expiresAt } }";
    private static final String LINK = "mutation($a: EvmAddress!, $s: String!) { linkWallet(address: $a, signature: $s) { address linkedAt } }";
    private static final String MY_WALLETS = "{ me { wallets { address } } }";

    @Inject
    Pool pool;

    @Test
    void linksAWalletWithAValidSignature() throws Exception {
        TestUser user = TestUsers.create("linker", "consumer");
        ECKeyPair key = Keys.createEcKeyPair();
        String address = address(key);
        String message = Gql.as(user, CHALLENGE, "address", Keys.toChecksumAddress(address))
                .body("errors", nullValue())
                .body("data.walletChallenge.address", equalTo(address))
                .extract().path("data.walletChallenge.message");
        Gql.as(user, LINK, "a", address, "s", sign(message, key))
                .body("errors", nullValue())
                .body("data.linkWallet.address", equalTo(address));
        Gql.as(user, MY_WALLETS).body("data.me.wallets.address", hasItem(address));
    }

    @Test
    void signatureFromAnotherKeyChangesNothing() throws Exception {
        TestUser user = TestUsers.create("linker", "curator");
        ECKeyPair key = Keys.createEcKeyPair();
        String address = address(key);
        String message = challenge(user, address);
        Gql.as(user, LINK, "a", address, "s", sign(message, Keys.createEcKeyPair()))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("signature"))
                .body("data", nullValue());
        Gql.as(user, MY_WALLETS).body("data.me.wallets.address", not(hasItem(address)));
        // the failed attempt did not burn the challenge: the owner can still link with it
        Gql.as(user, LINK, "a", address, "s", sign(message, key)).body("errors", nullValue());
    }

    @Test
    /** An address is an EvmAddress scalar: a malformed one is VALIDATION naming the variable that carried it. */
    void malformedInputIsAValidationError() throws Exception {
        TestUser user = TestUsers.create("linker", "curator");
        Gql.as(user, CHALLENGE, "address", "0x1234").body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("address"));
        Gql.as(user, CHALLENGE, "address", "not an address").body("errors[0].extensions.field", equalTo("address"));
        String badChecksum = badChecksumAddress();
        Gql.as(user, CHALLENGE, "address", badChecksum).body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("address"));

        ECKeyPair key = Keys.createEcKeyPair();
        String address = address(key);
        challenge(user, address);
        Gql.as(user, LINK, "a", address, "s", "0xdeadbeef")
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("signature"));
        Gql.as(user, LINK, "a", address, "s", "0x" + "00".repeat(65))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("signature"));
    }

    @Test
    void aNonceWorksOnce() throws Exception {
        TestUser user = TestUsers.create("linker", "consumer");
        ECKeyPair key = Keys.createEcKeyPair();
        String address = address(key);
        String signature = sign(challenge(user, address), key);
        Gql.as(user, LINK, "a", address, "s", signature).body("errors", nullValue());
        Gql.as(user, LINK, "a", address, "s", signature)
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("CHALLENGE_USED"));
    }

    @Test
    void anExpiredChallengeIsRefusedAndLeftUnused() throws Exception {
        TestUser user = TestUsers.create("linker", "operator");
        ECKeyPair key = Keys.createEcKeyPair();
        String address = address(key);
        String message = challenge(user, address);
        pool.preparedQuery("UPDATE wallet_challenge SET expires_at = now() - interval '1 second' WHERE address = $1")
                .execute(Tuple.of(address)).await().atMost(Duration.ofSeconds(5));
        Gql.as(user, LINK, "a", address, "s", sign(message, key))
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("CHALLENGE_EXPIRED"));
        Gql.as(user, MY_WALLETS).body("data.me.wallets.address", not(hasItem(address)));
    }

    @Test
    void linkingWithoutAChallengeIsNotFound() throws Exception {
        TestUser user = TestUsers.create("linker", "operator");
        ECKeyPair key = Keys.createEcKeyPair();
        Gql.as(user, LINK, "a", address(key), "s", sign("anything", key))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
    }

    @Test
    void aWalletBelongsToOneParticipant() throws Exception {
        TestUser owner = TestUsers.create("owner", "admin");
        TestUser other = TestUsers.create("other", "contributor");
        ECKeyPair key = Keys.createEcKeyPair();
        String address = address(key);
        Gql.as(owner, LINK, "a", address, "s", sign(challenge(owner, address), key)).body("errors", nullValue());
        Gql.as(other, CHALLENGE, "address", address)
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("WALLET_OWNED_BY_OTHER"));
        Gql.as(owner, CHALLENGE, "address", address)
                .body("errors[0].extensions.reason", equalTo("WALLET_ALREADY_LINKED"));
    }

    @Test
    void aRaceForOneWalletLinksItOnce() throws Exception {
        TestUser first = TestUsers.create("first", "contributor");
        TestUser second = TestUsers.create("second");
        // Two participants hold valid challenges for the same address; only the first link may win.
        ECKeyPair key = Keys.createEcKeyPair();
        String address = address(key);
        String forFirst = sign(challenge(first, address), key);
        String forSecond = sign(challenge(second, address), key);
        Gql.as(first, LINK, "a", address, "s", forFirst).body("errors", nullValue());
        Gql.as(second, LINK, "a", address, "s", forSecond).body("errors[0].extensions.code", equalTo("CONFLICT"));
        Gql.as(second, MY_WALLETS).body("data.me.wallets.address", not(hasItem(address)));
        Gql.as(first, MY_WALLETS).body("data.me.wallets.address", hasItem(address));
    }

    private static String challenge(TestUser user, String address) {
        return Gql.as(user, CHALLENGE, "address", address).body("errors", nullValue())
                .extract().path("data.walletChallenge.message");
    }

    /** A checksummed address with one letter's case flipped, still mixed-case (so it must be checked). */
    private static String badChecksumAddress() throws Exception {
        while (true) {
            StringBuilder hex = new StringBuilder(Keys.toChecksumAddress(address(Keys.createEcKeyPair())).substring(2));
            for (int i = 0; i < hex.length(); i++) {
                char c = hex.charAt(i);
                if (Character.isLetter(c)) {
                    hex.setCharAt(i, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                    break;
                }
            }
            String flipped = hex.toString();
            if (!flipped.equals(flipped.toLowerCase()) && !flipped.equals(flipped.toUpperCase())) {
                return "0x" + flipped;
            }
        }
    }
}
