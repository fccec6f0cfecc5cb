package io.cipherocto.market.demo;

import io.cipherocto.market.chain.Chain;
import io.cipherocto.market.chain.contracts.OctoToken;
import io.cipherocto.market.chain.contracts.PaymentVault;
import io.cipherocto.market.core.scalar.EvmAddress;
import io.cipherocto.market.datanet.CreateDatanetInput;
import io.cipherocto.market.datanet.DatanetPolicy;
import io.cipherocto.market.datanet.DatanetService;
import io.cipherocto.market.identity.Caller;
import io.cipherocto.market.identity.PartnerTier;
import io.cipherocto.market.identity.Participant;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.identity.Role;
import io.cipherocto.market.identity.Wallet;
import io.cipherocto.market.identity.WalletService;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.Transfer;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

/**
 * Dev-only demo data, so the first queries of a fresh local run ({@code me { wallets }}, {@code myBalances})
 * return something. On (off unless {@code octo.demo.enabled}, which only the dev profile sets) it makes each README
 * user known the way a real one becomes known, through its own token from the local Keycloak; links a wallet
 * with a deterministic dev key (keccak256("octo-market demo " + username), public, never use it elsewhere) through
 * the normal challenge and signature; then, on the local chain, mints OCTO to that wallet and deposits it into
 * the PaymentVault from the wallet itself, so the chain mirror credits it like any deposit.
 *
 * <p>Idempotent: a linked wallet is not linked again, and a wallet that already has a Deposited event on the
 * current vault is not funded again. Later features add their own demo data here (one method per feature).
 */
@ApplicationScoped
public class DemoSeed {

    private static final Logger LOG = Logger.getLogger(DemoSeed.class);
    /** The README's test users (password = name). */
    static final List<String> USERS = List.of("alice", "carol", "oscar", "conrad", "ada", "ivy");
    static final StaticGasProvider GAS = new StaticGasProvider(
            BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(3_000_000));
    private static final BigInteger GAS_MONEY = Convert.toWei("1", Convert.Unit.ETHER).toBigIntegerExact();

    private final boolean enabled;
    private final String keycloakUrl;
    private final BigInteger octoPerUser;
    private final Chain chain;
    private final ParticipantService participants;
    private final WalletService wallets;
    private final DatanetService datanets;
    private final DemoContributions contributions;
    private final DemoQuota quotas;
    private final DemoModels models;
    private final DemoJobs jobs;
    private final DemoPartners partners;
    private final DemoRevenueShare revenueShare;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DemoSeed(@ConfigProperty(name = "octo.demo.enabled", defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "octo.demo.octo-per-user", defaultValue = "1000") long octoPerUser,
            @ConfigProperty(name = "octo.keycloak.url") String keycloakUrl,
            Chain chain, ParticipantService participants, WalletService wallets, DatanetService datanets,
            DemoContributions contributions, DemoQuota quotas, DemoModels models, DemoJobs jobs, DemoPartners partners,
            DemoRevenueShare revenueShare) {
        this.enabled = enabled;
        this.octoPerUser = BigInteger.valueOf(octoPerUser).multiply(BigInteger.TEN.pow(18));
        this.keycloakUrl = keycloakUrl;
        this.chain = chain;
        this.participants = participants;
        this.wallets = wallets;
        this.datanets = datanets;
        this.contributions = contributions;
        this.quotas = quotas;
        this.models = models;
        this.jobs = jobs;
        this.partners = partners;
        this.revenueShare = revenueShare;
    }

    void start(@Observes StartupEvent ignored) {
        if (!enabled) {
            return;
        }
        // Blocking work (Keycloak, the node, waiting for receipts): off the start-up thread.
        Thread.ofVirtual().name("demo-seed").start(this::seedQuietly);
    }

    /** One run of the seed, as at start-up (package-private so a test can run it again). */
    void seedQuietly() {
        try {
            long t0 = System.nanoTime();
            int datanetsCreated = seedDatanets();
            int[] done = new int[2]; // wallets linked, wallets funded by this run
            for (String user : USERS) {
                seedUser(user, done);
            }
            Map<String, Caller> callers = new HashMap<>();
            for (String user : USERS) {
                callers.put(user, callerOf(token(user)));
            }
            int submitted = 0;
            int quotaListings = 0;
            if (chain.enabled()) {
                submitted = contributions.seed(callers);
                quotaListings = quotas.seed(callers);
            }
            int published = models.seed(callers);
            int jobsSubmitted = chain.enabled() ? jobs.seed(callers) : 0;
            int organisations = partners.seed(callers);
            // a partner-sourced sale needs the organisations and oscar's deposit
            boolean partnerSale = chain.enabled() && revenueShare.seed(callers);
            LOG.infof("demo seed: done in %d ms for %s: %d datanets created, %d wallets linked and %d funded with "
                    + "%s OCTO now, %d contributions submitted, %d quota listings created, %d model versions published, "
                    + "%d jobs submitted, %d partner organisations created, partner-sourced sale %s; the others were already", (System.nanoTime() - t0) / 1_000_000, USERS, datanetsCreated, done[0],
                    done[1], octoPerUser.divide(BigInteger.TEN.pow(18)), submitted, quotaListings, published, jobsSubmitted, organisations,
                    partnerSale ? "in place" : "skipped");
        } catch (Throwable e) {
            LOG.warnf("demo seed: skipped (%s: %s); the server runs without demo data",
                    e.getClass().getSimpleName(), e.getMessage());
        }
    }

    /** The demo datanets, owned by the README curator; a slug that exists is left as it is. */
    static final List<CreateDatanetInput> DATANETS = List.of(
            new CreateDatanetInput("Open source code", "demo-open-code",
                    "Permissively licensed source files with build metadata, for code models.",
                    List.of("code", "open-source"), "Apache-2.0", DatanetPolicy.OPEN, null),
            new CreateDatanetInput("Multilingual speech", "demo-multilingual-speech",
                    "Read speech in twelve languages with transcripts, recorded with consent.",
                    List.of("audio", "speech", "multilingual"), "CC-BY-4.0", DatanetPolicy.OPEN, null),
            new CreateDatanetInput("Medical imaging (gated)", "demo-medical-imaging",
                    "De-identified radiology images with reports; access for vetted research partners only.",
                    List.of("vision", "medical"), "research-only", DatanetPolicy.GATED, null));

    /** The README curator's demo datanets; how many this run created. */
    private int seedDatanets() throws Throwable {
        Caller carol = callerOf(token("carol"));
        Participant owner = VertxContextSupport.subscribeAndAwait(() -> participants.participantOf(carol));
        int created = 0;
        for (CreateDatanetInput datanet : DATANETS) {
            if (VertxContextSupport.subscribeAndAwait(() -> datanets.bySlug(datanet.slug())) == null) {
                VertxContextSupport.subscribeAndAwait(() -> datanets.create(owner.id(), datanet));
                created++;
            }
        }
        // ada (admin and curator) co-curates the open-code datanet: a challenge needs a second curator to resolve it
        Caller adaCaller = callerOf(token("ada"));
        Participant ada = VertxContextSupport.subscribeAndAwait(() -> participants.participantOf(adaCaller));
        UUID openCode = VertxContextSupport.subscribeAndAwait(() -> datanets.bySlug(DATANETS.getFirst().slug())).id();
        VertxContextSupport.subscribeAndAwait(() -> datanets.addCurator(owner.id(), openCode, ada.id()));
        return created;
    }

    /** The deterministic, public dev key of a demo user's wallet. */
    public static Credentials devKey(String username) {
        byte[] seed = Hash.sha3(("octo-market demo " + username).getBytes(StandardCharsets.UTF_8));
        return Credentials.create(Numeric.toHexStringNoPrefixZeroPadded(new BigInteger(1, seed), 64));
    }

    private void seedUser(String username, int[] done) throws Throwable {
        Caller caller = callerOf(token(username));
        // Hibernate Reactive wants a safe (duplicated) Vert.x context; this is a plain (virtual) thread.
        Participant participant = VertxContextSupport.subscribeAndAwait(() -> participants.participantOf(caller));
        Credentials key = devKey(username);
        EvmAddress address = EvmAddress.of(key.getAddress());
        List<Wallet> linked = VertxContextSupport.subscribeAndAwait(
                () -> participants.walletsOf(List.of(participant.id()))).get(0);
        if (linked.stream().noneMatch(w -> w.address().equals(address))) {
            String message = VertxContextSupport.subscribeAndAwait(
                    () -> wallets.challenge(participant.id(), address)).message();
            String signature = personalSign(message, key);
            VertxContextSupport.subscribeAndAwait(() -> wallets.link(participant.id(), address, signature));
            done[0]++;
        }
        if (chain.enabled() && fund(key)) {
            done[1]++;
        }
    }

    /** Mints and deposits unless the wallet already deposited into the current vault; true if it did now. */
    private boolean fund(Credentials user) throws Exception {
        Web3j web3j = chain.web3j();
        Chain.Contracts contracts = chain.contracts();
        if (depositedBefore(web3j, contracts, user.getAddress())) {
            return false;
        }
        if (web3j.ethGetBalance(user.getAddress(), DefaultBlockParameterName.LATEST).send().getBalance()
                .compareTo(GAS_MONEY) < 0) {
            new Transfer(web3j, chain.transactionManager())
                    .sendFunds(user.getAddress(), java.math.BigDecimal.ONE, Convert.Unit.ETHER).send();
        }
        chain.token().mint(user.getAddress(), octoPerUser).send();
        var asUser = new RawTransactionManager(web3j, user, chain.chainId(),
                new PollingTransactionReceiptProcessor(web3j, 200, 150));
        OctoToken.load(contracts.token(), web3j, asUser, GAS).approve(contracts.paymentVault(), octoPerUser).send();
        PaymentVault.load(contracts.paymentVault(), web3j, asUser, GAS).deposit(octoPerUser).send();
        return true;
    }

    private static boolean depositedBefore(Web3j web3j, Chain.Contracts contracts, String account) throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(contracts.fromBlock())),
                DefaultBlockParameterName.LATEST, contracts.paymentVault());
        filter.addSingleTopic(org.web3j.abi.EventEncoder.encode(PaymentVault.DEPOSITED_EVENT));
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(account), 64));
        return !web3j.ethGetLogs(filter).send().getLogs().isEmpty();
    }

    static String personalSign(String message, Credentials key) {
        Sign.SignatureData sig = Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8),
                key.getEcKeyPair());
        byte[] out = new byte[65];
        System.arraycopy(sig.getR(), 0, out, 0, 32);
        System.arraycopy(sig.getS(), 0, out, 32, 32);
        out[64] = sig.getV()[0];
        return Numeric.toHexString(out);
    }

    /** A password-grant token from the local Keycloak (demo users' password = name). */
    private JsonObject token(String username) throws Exception {
        String form = "grant_type=password&client_id=octo-web&scope=openid&username=" + enc(username)
                + "&password=" + enc(username);
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                        URI.create(keycloakUrl + "/realms/octo/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IllegalStateException("no token for " + username + " from " + keycloakUrl + ": HTTP "
                    + res.statusCode());
        }
        String jwt = Json.createReader(new StringReader(res.body())).readObject().getString("access_token");
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return Json.createReader(new StringReader(payload)).readObject();
    }

    /** The same claims {@link Caller#of} reads from a verified token (this one comes straight from Keycloak). */
    private static Caller callerOf(JsonObject claims) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Optional.ofNullable(claims.getJsonObject("realm_access")).map(r -> r.getJsonArray("roles"))
                .ifPresent(a -> a.getValuesAs(JsonString.class)
                        .forEach(s -> Role.fromRealmName(s.getString()).ifPresent(roles::add)));
        return new Caller(claims.getString("sub"), claims.getString("preferred_username"), Set.copyOf(roles),
                Optional.ofNullable(claims.getString("partner_id", null)),
                Optional.ofNullable(claims.getString("partner_tier", null)).flatMap(PartnerTier::fromClaim));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
