package io.cipherocto.market.demo;

import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.identity.Caller;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.identity.PartnerTier;
import io.cipherocto.market.partner.CreatePartnerOrganisationInput;
import io.cipherocto.market.partner.EnterpriseProgramme;
import io.cipherocto.market.partner.MovePartnerOrganisationInput;
import io.cipherocto.market.partner.PartnerCategory;
import io.cipherocto.market.partner.PartnerOrganisationService;
import io.cipherocto.market.partner.PartnerStage;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Dev demo partner organisations, one per README partner id, in different lifecycle stages with their trail, moved
 * by ada (admin): oscar's regional cloud (the seed's "CloudAsia", a Foundation Partner in GROWTH with a co-developed
 * feature), carol's research institute (LAUNCH), conrad's financial services firm (a Design Partner at TERM_SHEET)
 * and ivy's agent framework (DISCUSSION). Idempotent: nothing is made when oscar's organisation exists.
 */
@ApplicationScoped
class DemoPartners {

    private static final BigInteger OCTO = BigInteger.TEN.pow(18);

    private record Demo(String user, CreatePartnerOrganisationInput input, List<String> reasons) {
    }

    /** Each organisation's moves from IDENTIFICATION, one reason per stage after it (taken from the seed's labels). */
    private static final List<String> REASONS = List.of("Fit assessment", "Initial contact", "Value exploration",
            "Agreement in principle", "Technical/business integration", "Partnership live", "Expansion");

    private static final List<Demo> DEMOS = List.of(
            new Demo("oscar", new CreatePartnerOrganisationInput("p-oscar", "CloudAsia", "https://cloudasia.example",
                    PartnerCategory.INFRASTRUCTURE, PartnerTier.STRATEGIC, EnterpriseProgramme.FOUNDATION_PARTNER,
                    TokenAmount.of(OCTO.multiply(BigInteger.valueOf(1_000_000)))), REASONS),
            new Demo("carol", new CreatePartnerOrganisationInput("p-carol", "Open Speech Institute",
                    "https://speech-institute.example", PartnerCategory.ECOSYSTEM, PartnerTier.INTEGRATION, null,
                    null), REASONS.subList(0, 6)),
            new Demo("conrad", new CreatePartnerOrganisationInput("p-conrad", "Fortune Financial Services",
                    "https://fortune-financial.example", PartnerCategory.ENTERPRISE, PartnerTier.COMMUNITY,
                    EnterpriseProgramme.DESIGN_PARTNER, TokenAmount.of(OCTO.multiply(BigInteger.valueOf(100_000)))),
                    REASONS.subList(0, 4)),
            new Demo("ivy", new CreatePartnerOrganisationInput("p-ivy", "AgentForge", "https://agentforge.example",
                    PartnerCategory.TECHNOLOGY, PartnerTier.INTEGRATION, null, null), REASONS.subList(0, 3)));

    private final ParticipantService participants;
    private final PartnerOrganisationService organisations;

    DemoPartners(ParticipantService participants, PartnerOrganisationService organisations) {
        this.participants = participants;
        this.organisations = organisations;
    }

    /** Seeds the organisations as ada; returns how many it created. */
    int seed(Map<String, Caller> callers) throws Throwable {
        if (await(() -> organisations.byPartnerId("p-oscar")) != null) {
            return 0;
        }
        UUID ada = await(() -> participants.participantOf(callers.get("ada"))).id();
        UUID cloudAsia = null;
        for (Demo demo : DEMOS) {
            UUID id = await(() -> organisations.create(ada, demo.input())).id();
            PartnerStage stage = PartnerStage.IDENTIFICATION;
            for (String reason : demo.reasons()) {
                PartnerStage to = PartnerStage.values()[stage.ordinal() + 1];
                PartnerStage from = stage;
                await(() -> organisations.move(ada, new MovePartnerOrganisationInput(id.toString(), to, reason, from)));
                stage = to;
            }
            if (demo.user().equals("oscar")) {
                cloudAsia = id;
            }
        }
        UUID cloud = cloudAsia;
        await(() -> organisations.recordFeature(ada, cloud, "Off-hours H100 capacity on the marketplace",
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusDays(1)));
        return DEMOS.size();
    }

    private static <T> T await(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
