package io.cipherocto.market.support;

import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** Wallet-side helpers: what a browser wallet does with personal_sign, and linking through the API. */
public final class Wallets {

    private Wallets() {
    }

    public static String address(ECKeyPair key) {
        return "0x" + Keys.getAddress(key);
    }

    /** EIP-191 personal_sign, as r || s || v (65 bytes, hex). */
    public static String sign(String message, ECKeyPair key) {
        Sign.SignatureData sig = Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), key);
        byte[] out = new byte[65];
        System.arraycopy(sig.getR(), 0, out, 0, 32);
        System.arraycopy(sig.getS(), 0, out, 32, 32);
        out[64] = sig.getV()[0];
        return Numeric.toHexString(out);
    }

    /** Links the wallet's address to the user, unless already linked. */
    public static void link(TestUser user, Credentials wallet) {
        link(user, wallet.getEcKeyPair());
    }

    /** Links the key's address to the user through walletChallenge + linkWallet, unless already linked. */
    public static void link(TestUser user, ECKeyPair key) {
        String address = address(key);
        if (Gql.as(user, "{ me { wallets { address } } }").extract().jsonPath()
                .getList("data.me.wallets.address").contains(address)) {
            return;
        }
        String message = Gql.as(user, "mutation($a: EvmAddress!) { walletChallenge(address: $a) { message } }", "a", address)
                .body("errors", nullValue()).extract().path("data.walletChallenge.message");
        Gql.as(user, "mutation($a: EvmAddress!, $s: String!) { linkWallet(address: $a, signature: $s) { address } }",
                "a", address, "s", sign(message, key)).body("errors", nullValue());
    }
}
