package io.cipherocto.market.demo;

import io.cipherocto.market.partner.ListingView;

import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.core.time.TimeSource;
import io.cipherocto.market.identity.Caller;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.quota.CreateQuotaListingInput;
import io.cipherocto.market.quota.QuotaListing;
import io.cipherocto.market.quota.QuotaListingFilter;
import io.cipherocto.market.quota.QuotaProvider;
import io.cipherocto.market.quota.QuotaPurchase;
import io.cipherocto.market.quota.QuotaService;
import io.cipherocto.market.settlement.AccountKind;
import io.cipherocto.market.settlement.LedgerService;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Demo resold quotas: ivy (consumer, contributor) lists three providers' quota; conrad (consumer) buys slices, ivy's
 * gateway reports usage on one and conrad cancels another. Idempotent: listings are found by model family, and every
 * purchase and report has a fixed idempotency key, so a second run returns the same orders and moves no money.
 */
@ApplicationScoped
public class DemoQuota {

    private static final BigInteger MILLI_OCTO = BigInteger.TEN.pow(15);
    /** The demo listings: provider, model family, tokens, price and face price per million (milli-OCTO). */
    private record Demo(QuotaProvider provider, String family, long tokens, long price, long face, String approval) {
    }

    static final List<String> FAMILIES = List.of("demo-gpt-4o", "demo-mistral-large", "demo-llama-3-70b");
    private static final List<Demo> LISTINGS = List.of(
            new Demo(QuotaProvider.OPENAI, FAMILIES.get(0), 20_000_000, 3, 5, "openai-reseller-consent-demo"),
            new Demo(QuotaProvider.MISTRAL, FAMILIES.get(1), 10_000_000, 2, 4, "mistral-partner-approval-demo"),
            new Demo(QuotaProvider.OTHER, FAMILIES.get(2), 50_000_000, 1, 2, "self-hosted-demo"));

    private final QuotaService quotas;
    private final ParticipantService participants;
    private final LedgerService ledger;
    private final TimeSource time;

    DemoQuota(QuotaService quotas, ParticipantService participants, LedgerService ledger, TimeSource time) {
        this.quotas = quotas;
        this.participants = participants;
        this.ledger = ledger;
        this.time = time;
    }

    /** Seeds the demo quota market; returns how many listings this run created. */
    int seed(Map<String, Caller> callers) throws Throwable {
        UUID ivy = await(() -> participants.participantOf(callers.get("ivy"))).id();
        UUID conrad = await(() -> participants.participantOf(callers.get("conrad"))).id();
        List<QuotaListing> existing = await(() -> quotas.page(new QuotaListingFilter(null, null, ivy.toString(), null),
                null, PageRequest.of(100, null), ListingView.EVERYTHING)).nodes();
        int created = 0;
        String[] ids = new String[LISTINGS.size()];
        for (int i = 0; i < LISTINGS.size(); i++) {
            Demo d = LISTINGS.get(i);
            QuotaListing found = existing.stream().filter(l -> l.modelFamily().equals(d.family())).findFirst()
                    .orElse(null);
            if (found == null) {
                found = await(() -> quotas.list(ivy, new CreateQuotaListingInput(d.provider(), d.family(),
                        Long.toString(d.tokens()), TokenAmount.of(MILLI_OCTO.multiply(BigInteger.valueOf(d.price()))),
                        TokenAmount.of(MILLI_OCTO.multiply(BigInteger.valueOf(d.face()))), "100000",
                        time.nowUtc().plusDays(90), "https://gateway.ivy.example/octo-w/" + d.family(), d.approval(), false)));
                created++;
            }
            ids[i] = found.id().toString();
        }
        // conrad's deposit is mirrored asynchronously: wait for it a little, else leave the purchases to the next run
        await(() -> ledger.balancesOf(conrad).invoke(b -> {
            if (b.get(AccountKind.AVAILABLE).compareTo(MILLI_OCTO.multiply(BigInteger.TEN)) < 0) {
                throw new IllegalStateException("conrad's demo deposit is not credited yet");
            }
        }).onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(1)).atMost(60));
        QuotaPurchase used = buy(conrad, ids[0], "2000000", "demo-quota-1");
        buy(conrad, ids[1], "500000", "demo-quota-2");
        QuotaPurchase cancelled = buy(conrad, ids[2], "1000000", "demo-quota-3");
        await(() -> quotas.reportUsage(ivy, used.id(), "750000", "demo-usage-1"));
        await(() -> quotas.reportUsage(ivy, used.id(), "125000", "demo-usage-2"));
        QuotaPurchase current = await(() -> quotas.purchaseById(cancelled.id()));
        if (current.status() == QuotaPurchase.QuotaPurchaseStatus.OPEN) {
            await(() -> quotas.reportUsage(ivy, cancelled.id(), "300000", "demo-usage-3"));
            await(() -> quotas.cancel(conrad, cancelled.id()));
        }
        return created;
    }

    private QuotaPurchase buy(UUID buyer, String listing, String tokens, String key) throws Throwable {
        return await(() -> quotas.purchase(buyer, UUID.fromString(listing), tokens, key, ListingView.EVERYTHING));
    }

    private static <T> T await(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
