package io.cipherocto.market.support;

import io.cipherocto.market.chain.contracts.OctoToken;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

/**
 * Fresh chain accounts for tests: a new random secp256k1 key per call, so no test shares an account (or its
 * balances and nonces) with another. {@link DevAccounts#ADMIN} stays the deployer and minter.
 *
 * <pre>{@code
 * Credentials user = TestWallets.funded(chain.token(), amount); // gas + amount OCTO minted by the token's minter
 * Credentials spender = TestWallets.fresh();                   // gas only
 * String recipient = TestWallets.address();                    // never sends: no gas
 * }</pre>
 */
public final class TestWallets {

    /** Gas money set with {@code hardhat_setBalance}: plenty for any test at 2 gwei. */
    public static final BigInteger GAS = Convert.toWei("100", Convert.Unit.ETHER).toBigInteger();

    private TestWallets() {
    }

    /** A new key whose account holds {@link #GAS} on the current {@link ChainNode}. */
    public static Credentials fresh() {
        Credentials wallet = unfunded();
        ChainNode.rpc("hardhat_setBalance", wallet.getAddress(), Numeric.encodeQuantity(GAS));
        return wallet;
    }

    /**
     * {@link #fresh()} plus {@code octo} base units minted to it through {@code minter} (a MINTER_ROLE sender). The
     * minter is often the test server's own key, whose outbox may send at the same moment: a send that lost the
     * nonce race is tried again (at most 5 times).
     */
    public static Credentials funded(OctoToken minter, BigInteger octo) {
        Credentials wallet = fresh();
        for (int attempt = 1; ; attempt++) {
            try {
                minter.mint(wallet.getAddress(), octo).send();
                return wallet;
            } catch (Exception e) {
                boolean nonceRace = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("nonce");
                if (!nonceRace || attempt == 5) {
                    throw new IllegalStateException("minting " + octo + " to " + wallet.getAddress() + " failed", e);
                }
            }
        }
    }

    /** A new key with nothing on chain (e.g. to link a wallet that only receives). */
    public static Credentials unfunded() {
        try {
            return Credentials.create(Keys.createEcKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no secp256k1 key generator", e);
        }
    }

    /** Lower-case 0x address of a new key, for a recipient that never sends. */
    public static String address() {
        return unfunded().getAddress();
    }
}
