package io.cipherocto.market.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.cipherocto.market.chain.Chain;
import io.cipherocto.market.chain.contracts.PaymentVault;
import io.cipherocto.market.support.Await;
import io.cipherocto.market.support.ChainNode;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.utils.Numeric;

/**
 * The dev demo seed, switched on here as the dev profile does: each README user gets its deterministic wallet linked
 * and funded through the real chain (mint, deposit, mirror), and running the seed again changes nothing.
 */
@QuarkusTest
@TestProfile(DemoSeedTest.DemoOn.class)
@Tag("slow")
class DemoSeedTest {

    public static class DemoOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("octo.demo.enabled", "true", "octo.demo.octo-per-user", "10");
        }
    }

    private static final String STATE = "{ me { wallets { address } } myBalances { available } }";
    /** Ten OCTO funded, less alice's 5 OCTO challenge deposit in the demo contributions. */
    private static final BigInteger FIVE_OCTO = BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(18));

    @Inject
    DemoSeed seed;

    @Inject
    Chain chain;

    @Test
    void readmeUsersGetALinkedFundedWalletOnceOnly() {
        String wallet = DemoSeed.devKey("alice").getAddress().toLowerCase();
        JsonPath seeded = Await.until("alice's demo wallet linked and funded", Duration.ofSeconds(120),
                () -> Gql.withToken(Tokens.ofRealmUser("alice"), STATE).extract().jsonPath(),
                s -> s.getList("data.me.wallets.address").contains(wallet)
                        && new BigInteger(s.getString("data.myBalances.available")).compareTo(FIVE_OCTO) >= 0);
        assertThat(deposits(wallet)).isEqualTo(1);
        Gql.anonymous("{ datanet(slug: \"demo-medical-imaging\") { policy owner { username } } }")
                .body("data.datanet.policy", org.hamcrest.Matchers.equalTo("GATED"))
                .body("data.datanet.owner.username", org.hamcrest.Matchers.equalTo("carol"));
        // contributions in each state a newcomer should see, the malicious one slashed on chain
        String states = "{ datanet(slug: \"demo-open-code\") { contributions(first: 50) { edges { node { state } } } } }";
        JsonPath demo = Await.until("demo contributions seeded and the slash mirrored", Duration.ofSeconds(120),
                () -> Gql.withToken(Tokens.ofRealmUser("carol"), states).extract().jsonPath(),
                // the challenge is the seed's last step; the slash is mirrored whenever the node mines it
                s -> s.getList("data.datanet.contributions.edges.node.state").containsAll(List.of("SLASHED",
                        "CHALLENGED")));
        assertThat(demo.getList("data.datanet.contributions.edges.node.state", String.class))
                .containsExactlyInAnyOrder("PENDING", "ACCEPTED", "REJECTED", "SLASHED", "FINAL", "CHALLENGED",
                        "PENDING");
        // resold quotas: ivy's three listings, conrad's purchases (one with usage, one cancelled)
        String quota = "{ myQuotaPurchases { edges { node { status usedTokens listing { modelFamily } } } } }";
        JsonPath bought = Await.until("demo quota purchases", Duration.ofSeconds(120),
                () -> Gql.withToken(Tokens.ofRealmUser("conrad"), quota).extract().jsonPath(),
                // the seed buys three, then reports usage and cancels one: wait for the end of that
                s -> s.getList("data.myQuotaPurchases.edges").size() == 3
                        && s.getList("data.myQuotaPurchases.edges.node.status").contains("CLOSED"));
        assertThat(bought.getList("data.myQuotaPurchases.edges.node.listing.modelFamily", String.class))
                .containsExactlyInAnyOrderElementsOf(DemoQuota.FAMILIES);
        assertThat(bought.getList("data.myQuotaPurchases.edges.node.status", String.class)).contains("CLOSED", "OPEN");
        String listings = "{ quotaListings(first: 100, filter: {modelFamily: \"demo-gpt-4o\"}) { edges { node { id } } } }";
        int quotaListings = Gql.anonymous(listings).extract().<List<?>>path("data.quotaListings.edges").size();
        assertThat(quotaListings).isEqualTo(1);
        String datanets = "{ datanets(first: 100, filter: {tags: [\"medical\"]}) { totalCount } }";
        int before = Gql.anonymous(datanets).extract().path("data.datanets.totalCount");
        // models with a fine-tune lineage, and agents on them in each status
        String coder = "{ models(first: 100, filter: {search: \"Octo Coder\"}, orderBy: {field: NAME}) { totalCount "
                + "edges { node { version parent { version } } } } }";
        JsonPath models = Await.until("demo models published", Duration.ofSeconds(60),
                () -> Gql.anonymous(coder).extract().jsonPath(), m -> m.getInt("data.models.totalCount") == 3);
        assertThat(models.getList("data.models.edges.node.version", String.class))
                .containsExactlyInAnyOrder("1.0.0", "1.1.0", "2.0.0");
        // the original has no parent (left out of the list), each fine-tune the version before it
        assertThat(models.getList("data.models.edges.node.parent.version", String.class))
                .containsExactlyInAnyOrder("1.0.0", "1.1.0");
        // the seed's last step delists one of alice's agents
        String aliceAgents = "{ myAgents(first: 50) { edges { node { status } } } }";
        assertThat(Await.until("demo agents created", Duration.ofSeconds(60),
                        () -> Gql.withToken(Tokens.ofRealmUser("alice"), aliceAgents).extract().jsonPath(),
                        a -> a.getList("data.myAgents.edges.node.status").contains("DELISTED"))
                .getList("data.myAgents.edges.node.status", String.class))
                .containsExactlyInAnyOrder("LISTED", "DRAFT", "DELISTED");

        // compute jobs: oscar registered as an operator; conrad's jobs in four states, the succeeded one paid
        String conradJobs = "{ myJobs(first: 100) { edges { node { state paid operator { participantId } } } } }";
        JsonPath jobs = Await.until("demo jobs", Duration.ofSeconds(120),
                () -> Gql.withToken(Tokens.ofRealmUser("conrad"), conradJobs).extract().jsonPath(),
                j -> j.getList("data.myJobs.edges.node.state").contains("CANCELLED")); // the last step
        assertThat(jobs.getList("data.myJobs.edges.node.state", String.class))
                .containsExactlyInAnyOrder("QUEUED", "RUNNING", "SUCCEEDED", "CANCELLED");
        assertThat(jobs.getList("data.myJobs.edges.node.paid", String.class)).contains("750000000000000000");

        // partner organisations in four stages with their trails; oscar's (GROWTH) has a co-developed feature
        String mine = "{ myPartnerOrganisation { name stage coDevelopedFeatures { title } } }";
        JsonPath cloud = Await.until("demo partner organisations", Duration.ofSeconds(60),
                () -> Gql.withToken(Tokens.ofRealmUser("oscar"), mine).extract().jsonPath(),
                o -> o.getList("data.myPartnerOrganisation.coDevelopedFeatures") != null
                        && !o.getList("data.myPartnerOrganisation.coDevelopedFeatures").isEmpty());
        assertThat(cloud.getString("data.myPartnerOrganisation.stage")).isEqualTo("GROWTH");
        String organisations = "{ partnerOrganisations(first: 100) { totalCount edges { node { partnerId stage "
                + "stageHistory(first: 20) { edges { node { to actor { username } } } } } } } }";
        // other tests' organisations may share the database: look at the README partners' only
        List<Map<String, Object>> partners = demoOrganisations(organisations);
        assertThat(partners).extracting(o -> o.get("stage"))
                .containsExactlyInAnyOrder("GROWTH", "LAUNCH", "TERM_SHEET", "DISCUSSION");
        assertThat(partners).allSatisfy(o -> {
            List<?> trail = (List<?>) ((Map<?, ?>) o.get("stageHistory")).get("edges");
            assertThat(trail).isNotEmpty().allSatisfy(e -> assertThat(((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) e)
                    .get("node")).get("actor")).get("username")).isEqualTo("ada"));
        });

        // a partner-sourced sale: oscar (CloudAsia, STRATEGIC) bought 30 calls of alice's review agent at 0.01 OCTO:
        // commission 0.03 OCTO, CloudAsia's share 10 % of it
        String share = "{ myPartnerOrganisation { revenueShare } }";
        String earned = "3000000000000000";
        assertThat(Await.until("demo revenue share", Duration.ofSeconds(120),
                () -> Gql.withToken(Tokens.ofRealmUser("oscar"), share).extract().jsonPath(),
                o -> !"0".equals(o.getString("data.myPartnerOrganisation.revenueShare")))
                .getString("data.myPartnerOrganisation.revenueShare")).isEqualTo(earned);

        seed.seedQuietly();

        assertThat(demoOrganisations(organisations)).as("a second run creates no organisation").hasSize(4);
        assertThat(Gql.withToken(Tokens.ofRealmUser("oscar"), share).extract().<String>path(
                "data.myPartnerOrganisation.revenueShare")).as("a second run bills nothing").isEqualTo(earned);

        assertThat(Gql.withToken(Tokens.ofRealmUser("conrad"), conradJobs).extract().jsonPath()
                .getList("data.myJobs.edges")).as("a second run submits no job").hasSize(4);

        assertThat((int) Gql.anonymous(datanets).extract().path("data.datanets.totalCount"))
                .as("a second run creates no datanet").isEqualTo(before);

        assertThat(Gql.anonymous(listings).extract().<List<?>>path("data.quotaListings.edges"))
                .as("a second run lists no quota").hasSize(1);
        assertThat(Gql.withToken(Tokens.ofRealmUser("conrad"), quota).extract().<List<?>>path(
                "data.myQuotaPurchases.edges")).as("a second run buys nothing").hasSize(3);

        JsonPath again = Gql.withToken(Tokens.ofRealmUser("alice"), STATE).extract().jsonPath();
        assertThat(again.getList("data.me.wallets.address", String.class)).filteredOn(wallet::equals).hasSize(1);
        assertThat(deposits(wallet)).as("a second run deposits nothing").isEqualTo(1);
        assertThat((int) Gql.anonymous(coder).extract().path("data.models.totalCount"))
                .as("a second run publishes no model").isEqualTo(3);
        assertThat(Gql.withToken(Tokens.ofRealmUser("alice"), aliceAgents).extract().jsonPath()
                .getList("data.myAgents.edges")).as("a second run creates no agent").hasSize(3);
        assertThat(Gql.withToken(Tokens.ofRealmUser("carol"), states).extract().jsonPath()
                .getList("data.datanet.contributions.edges.node.state")).as("a second run submits nothing").hasSize(7);
    }

    /** The README partners' organisations (partner ids p-oscar, p-carol, p-conrad, p-ivy) among all. */
    private static List<Map<String, Object>> demoOrganisations(String document) {
        List<Map<String, Object>> all = Gql.withToken(Tokens.ofRealmUser("ada"), document).extract().jsonPath()
                .getList("data.partnerOrganisations.edges.node");
        return all.stream().filter(o -> List.of("p-oscar", "p-carol", "p-conrad", "p-ivy").contains(o.get("partnerId")))
                .toList();
    }

    /** Deposited events of this wallet on the server's vault, straight from the node. */
    private long deposits(String wallet) {
        return ChainNode.rpc("eth_getLogs", Map.of("fromBlock", "0x0", "toBlock", "latest",
                "address", chain.contracts().paymentVault(),
                "topics", Arrays.asList(EventEncoder.encode(PaymentVault.DEPOSITED_EVENT),
                        Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(wallet), 64)))).size();
    }
}
