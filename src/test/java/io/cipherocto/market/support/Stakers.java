package io.cipherocto.market.support;

import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.chain.Chain;
import io.cipherocto.market.chain.contracts.OctoToken;
import io.cipherocto.market.chain.contracts.PaymentVault;
import io.cipherocto.market.chain.contracts.StakeManager;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;

/**
 * A test user's money on the real chain: a fresh funded wallet linked to the user, staked in the StakeManager and/or
 * deposited into the PaymentVault, waiting until the server's mirror has seen it.
 */
public final class Stakers {

    private Stakers() {
    }

    /** A fresh wallet holding {@code stake + deposit} OCTO base units, linked to {@code user}. */
    public static Credentials linkedWallet(Chain chain, TestUser user, BigInteger tokens) {
        Credentials wallet = TestWallets.funded(chain.token(), tokens);
        Wallets.link(user, wallet);
        return wallet;
    }

    /** Stakes {@code amount} from {@code wallet} and waits until the mirror shows at least that much staked. */
    public static void stake(Chain chain, Credentials wallet, BigInteger amount) throws Exception {
        var tm = ChainNode.txManager(chain.web3j(), wallet);
        OctoToken.load(chain.contracts().token(), chain.web3j(), tm, ChainNode.GAS)
                .approve(chain.contracts().stakeManager(), amount).send();
        StakeManager.load(chain.contracts().stakeManager(), chain.web3j(), tm, ChainNode.GAS).stake(amount).send();
        BigInteger onChain = StakeManager.load(chain.contracts().stakeManager(), chain.web3j(), tm, ChainNode.GAS)
                .stakedOf(wallet.getAddress()).send();
        Await.until("stake mirrored", () -> onChain.equals(staked(wallet.getAddress())));
    }

    /** Deposits {@code amount} into the vault; the caller waits for the credit (it needs to know the user). */
    public static void deposit(Chain chain, Credentials wallet, BigInteger amount) throws Exception {
        var tm = ChainNode.txManager(chain.web3j(), wallet);
        OctoToken.load(chain.contracts().token(), chain.web3j(), tm, ChainNode.GAS)
                .approve(chain.contracts().paymentVault(), amount).send();
        PaymentVault.load(chain.contracts().paymentVault(), chain.web3j(), tm, ChainNode.GAS).deposit(amount).send();
    }

    /** The first wallet linked to the user. */
    public static String linkedAddress(TestUser user) {
        return Gql.as(user, "{ me { wallets { address } } }").body("errors", nullValue()).extract()
                .<String>path("data.me.wallets[0].address");
    }

    /** The wallet's staked amount as the server's mirror shows it. */
    public static BigInteger staked(String wallet) {
        return new BigInteger(Gql.anonymous("query($w: EvmAddress!) { stake(wallet: $w) { staked } }", "w", wallet)
                .body("errors", nullValue()).extract().<String>path("data.stake.staked"));
    }

    /** What the mirror shows slashed from the wallet, in total. */
    public static BigInteger slashed(String wallet) {
        return new BigInteger(Gql.anonymous("query($w: EvmAddress!) { stake(wallet: $w) { slashed } }", "w", wallet)
                .body("errors", nullValue()).extract().<String>path("data.stake.slashed"));
    }
}
