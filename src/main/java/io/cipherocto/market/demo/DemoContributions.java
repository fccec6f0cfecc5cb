package io.cipherocto.market.demo;

import io.cipherocto.market.chain.Chain;
import io.cipherocto.market.chain.contracts.OctoToken;
import io.cipherocto.market.chain.contracts.StakeManager;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.EvmAddress;
import io.cipherocto.market.datanet.ContributionService;
import io.cipherocto.market.datanet.DatanetReaders;
import io.cipherocto.market.datanet.DatanetReaders.Reader;
import io.cipherocto.market.datanet.DatanetService;
import io.cipherocto.market.datanet.RejectionReason;
import io.cipherocto.market.datanet.SubmitContributionInput;
import io.cipherocto.market.identity.Caller;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.staking.StakeService;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Demo contributions in carol's open-code datanet, one in each state a newcomer should see: alice and ivy stake on the
 * local chain and submit; carol accepts, rejects, and rejects one as malicious (a real slash on chain); ivy challenges
 * one that ada (admin and second curator) dismisses, so it is FINAL; alice challenges another, left open. Skipped when
 * the first demo hash is already there.
 */
@ApplicationScoped
class DemoContributions {

    private static final String DATANET = "demo-open-code";

    private final Chain chain;
    private final ParticipantService participants;
    private final DatanetService datanets;
    private final DatanetReaders readers;
    private final ContributionService contributions;
    private final StakeService stakes;
    private final BigInteger stakePerContributor;

    DemoContributions(Chain chain, ParticipantService participants, DatanetService datanets, DatanetReaders readers,
            ContributionService contributions, StakeService stakes,
            @ConfigProperty(name = "octo.demo.stake-per-contributor", defaultValue = "100") long stakeOcto) {
        this.chain = chain;
        this.participants = participants;
        this.datanets = datanets;
        this.readers = readers;
        this.contributions = contributions;
        this.stakes = stakes;
        this.stakePerContributor = BigInteger.valueOf(stakeOcto).multiply(BigInteger.TEN.pow(18));
    }

    /** A demo content hash: sha-256 of a fixed text. */
    static String hash(int n) {
        return HexFormat.of().formatHex(Hash.sha256(("octo-market demo contribution " + n)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** Seeds the contributions as the given README users; returns how many it submitted (0: already there). */
    int seed(Map<String, Caller> callers) throws Throwable {
        UUID datanet = await(() -> datanets.bySlug(DATANET)).id();
        Reader carol = reader(callers.get("carol"));
        boolean seeded = await(() -> contributions.page(carol, datanet, null, PageRequest.of(100, null))).nodes()
                .stream().anyMatch(c -> c.contentHash().equals(hash(1)));
        if (seeded) {
            return 0;
        }
        Reader alice = reader(callers.get("alice"));
        Reader ivy = reader(callers.get("ivy"));
        Reader ada = reader(callers.get("ada"));
        stake(DemoSeed.devKey("alice"));
        stake(DemoSeed.devKey("ivy"));

        submit(alice, datanet, 1, List.of()); // stays PENDING
        UUID accepted = submit(alice, datanet, 2, List.of());
        UUID rejected = submit(alice, datanet, 3, List.of());
        UUID malicious = submit(alice, datanet, 4, List.of());
        UUID dismissed = submit(alice, datanet, 5, List.of());
        UUID challenged = submit(ivy, datanet, 6, List.of());
        submit(ivy, datanet, 7, List.of(hash(2), hash(5))); // PENDING, with lineage
        await(() -> contributions.accept(carol, accepted));
        await(() -> contributions.reject(carol, rejected, RejectionReason.WRONG_LICENCE,
                "GPL-3.0 files in an Apache-2.0 datanet; resubmit without them", false));
        await(() -> contributions.reject(carol, malicious, RejectionReason.MALICIOUS,
                "obfuscated credential stealer in build scripts", true));
        await(() -> contributions.accept(carol, dismissed));
        await(() -> contributions.challenge(ivy, dismissed, RejectionReason.DUPLICATE, "looks like a copy of #2"));
        await(() -> contributions.resolve(ada, dismissed, false, "different files; not a duplicate"));
        await(() -> contributions.accept(carol, challenged));
        await(() -> contributions.challenge(alice, challenged, RejectionReason.LOW_QUALITY, "half the files are empty"));
        return 7;
    }

    private UUID submit(Reader who, UUID datanet, int n, List<String> parents) throws Throwable {
        return await(() -> contributions.submit(who, new SubmitContributionInput(datanet.toString(), hash(n),
                "ipfs://bafybeidemo" + n + "/data.tar.zst", Long.toString(1_000_000L * n), "Apache-2.0", parents,
                null))).id();
    }

    /** Mints and stakes the demo stake from the user's dev wallet, then waits until the mirror has seen it. */
    void stake(Credentials user) throws Throwable {
        var asUser = new RawTransactionManager(chain.web3j(), user, chain.chainId(),
                new PollingTransactionReceiptProcessor(chain.web3j(), 200, 150));
        chain.token().mint(user.getAddress(), stakePerContributor).send();
        OctoToken.load(chain.contracts().token(), chain.web3j(), asUser, DemoSeed.GAS)
                .approve(chain.contracts().stakeManager(), stakePerContributor).send();
        StakeManager.load(chain.contracts().stakeManager(), chain.web3j(), asUser, DemoSeed.GAS)
                .stake(stakePerContributor).send();
        BigInteger onChain = chain.stakeManager().stakedOf(user.getAddress()).send();
        await(() -> stakes.stakeOf(EvmAddress.of(user.getAddress())).invoke(stake -> {
            if (stake.staked().value().compareTo(onChain) < 0) {
                throw new IllegalStateException("the mirror has not seen the demo stake of " + user.getAddress());
            }
        }).onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofMillis(200)).atMost(150));
    }

    private Reader reader(Caller caller) throws Throwable {
        return readers.readerOf(caller, await(() -> participants.participantOf(caller)));
    }

    private static <T> T await(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
