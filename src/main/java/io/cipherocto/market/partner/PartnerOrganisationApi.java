package io.cipherocto.market.partner;

import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.Ids;
import io.cipherocto.market.identity.Caller;
import io.cipherocto.market.identity.CurrentCaller;
import io.cipherocto.market.identity.Participant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/**
 * GraphQL surface of partner organisations: admins create, change and move them through the lifecycle, record
 * co-developed features and read the KPIs; a member reads its own organisation.
 */
@GraphQLApi
public class PartnerOrganisationApi {

    @Inject
    CurrentCaller current;

    @Inject
    AccessPolicy policy;

    @Inject
    PartnerOrganisationService organisations;

    @Inject
    PartnerKpiService kpis;

    // ------------------------------------------------------------------------------------------------ admin

    @Mutation
    @Authenticated
    @Description("Creates a partner organisation in IDENTIFICATION (admin only). CONFLICT PARTNER_ID_TAKEN when "
            + "another organisation has the partner id.")
    public Uni<@NonNull PartnerOrganisation> createPartnerOrganisation(
            @NonNull @Name("input") CreatePartnerOrganisationInput input) {
        policy.require(current.caller(), Action.ADMINISTER);
        return current.participant().chain(p -> organisations.create(p.id(), input));
    }

    @Mutation
    @Authenticated
    @Description("Changes an organisation's name, website, category, tier or programme and commitment (admin only).")
    public Uni<@NonNull PartnerOrganisation> updatePartnerOrganisation(
            @NonNull @Name("input") UpdatePartnerOrganisationInput input) {
        policy.require(current.caller(), Action.ADMINISTER);
        return current.participant().chain(p -> organisations.update(p.id(), input));
    }

    @Mutation
    @Authenticated
    @Description("Moves an organisation to another lifecycle stage, with a reason kept in its stageHistory (admin "
            + "only). CONFLICT ILLEGAL_PARTNER_TRANSITION for a move the lifecycle does not have, STALE_PARTNER_STAGE "
            + "when expectedStage is given and no longer the stage.")
    public Uni<@NonNull PartnerOrganisation> movePartnerOrganisation(
            @NonNull @Name("input") MovePartnerOrganisationInput input) {
        policy.require(current.caller(), Action.ADMINISTER);
        return current.participant().chain(p -> organisations.move(p.id(), input));
    }

    @Mutation
    @Authenticated
    @Description("Records a feature developed and deployed with the organisation (admin only); shippedAt not in the "
            + "future.")
    public Uni<@NonNull CoDevelopedFeature> recordCoDevelopedFeature(
            @NonNull @Id @Name("organisationId") String organisationId, @NonNull @Name("title") String title,
            @NonNull @Name("shippedAt") OffsetDateTime shippedAt) {
        policy.require(current.caller(), Action.ADMINISTER);
        UUID id = Ids.uuid("organisationId", organisationId);
        return current.participant().chain(p -> organisations.recordFeature(p.id(), id, title, shippedAt));
    }

    @Query
    @Authenticated
    @Description("Partner organisations by name (admin only).")
    public Uni<@NonNull PartnerOrganisationConnection> partnerOrganisations(@Name("first") Integer first,
            @Name("after") String after, @Name("filter") PartnerOrganisationFilter filter) {
        policy.require(current.caller(), Action.ADMINISTER);
        PartnerOrganisationService.Filter f = PartnerOrganisationService.Filter.of(filter);
        return organisations.page(PageRequest.of(first, after), f)
                .map(page -> new PartnerOrganisationConnection(page, f));
    }

    @Description("Organisations matching the connection's filter, across all pages.")
    public Uni<@NonNull Integer> totalCount(@Source PartnerOrganisationConnection connection) {
        return organisations.count(connection.filter());
    }

    @Query
    @Authenticated
    @Description("The partnership KPIs of the seed with its targets (admin only): counts at `to` (default now), "
            + "rates over [from, to) (default: the year before `to`).")
    public Uni<@NonNull PartnerKpis> partnerKpis(@Name("from") OffsetDateTime from, @Name("to") OffsetDateTime to) {
        policy.require(current.caller(), Action.ADMINISTER);
        return kpis.kpis(from, to);
    }

    // ------------------------------------------------------------------------------------------------ reads

    @Query
    @Authenticated
    @Description("A partner organisation, for admins and for its members; null otherwise.")
    public Uni<PartnerOrganisation> partnerOrganisation(@NonNull @Id @Name("id") String id) {
        Caller caller = current.caller();
        UUID organisationId = Ids.uuid("id", id);
        return organisations.byId(organisationId).map(o -> o != null && (policy.allows(caller, Action.ADMINISTER)
                || caller.partnerId().map(o.partnerId()::equals).orElse(false)) ? o : null);
    }

    @Query
    @Authenticated
    @Description("The organisation whose partner id your token carries (claim partner_id); null when it carries "
            + "none or no organisation has it.")
    public Uni<PartnerOrganisation> myPartnerOrganisation() {
        return current.caller().partnerId().map(organisations::byPartnerId)
                .orElseGet(() -> Uni.createFrom().nullItem());
    }

    // ------------------------------------------------------------------------------------------------ nested

    @NonNull
    @Description("Participants whose token carries the organisation's partner id, oldest first.")
    public Uni<@NonNull PartnerMemberConnection> members(@Source PartnerOrganisation organisation,
            @Name("first") Integer first, @Name("after") String after) {
        return organisations.members(organisation, PageRequest.of(first, after)).map(PartnerMemberConnection::new);
    }

    @NonNull
    @Description("How many participants carry the organisation's partner id.")
    public Uni<List<@NonNull Integer>> memberCount(@Source List<PartnerOrganisation> page) {
        return organisations.memberCounts(page);
    }

    @NonNull
    @Description("Features developed with the organisation, by shipping time.")
    public Uni<List<@NonNull List<@NonNull CoDevelopedFeature>>> coDevelopedFeatures(
            @Source List<PartnerOrganisation> page) {
        return organisations.featuresOf(page.stream().map(PartnerOrganisation::id).toList());
    }

    @NonNull
    @Description("The lifecycle trail, oldest first: every move with its actor, time and reason (admin only).")
    public Uni<@NonNull PartnerStageChangeConnection> stageHistory(@Source PartnerOrganisation organisation,
            @Name("first") Integer first, @Name("after") String after) {
        policy.require(current.caller(), Action.ADMINISTER);
        return organisations.history(organisation.id(), PageRequest.of(first, after))
                .map(PartnerStageChangeConnection::new);
    }

    @Description("Where the organisation may move next (empty once SUNSET).")
    public @NonNull List<@NonNull PartnerStage> nextStages(@Source PartnerOrganisation organisation) {
        return List.copyOf(organisation.stage().next());
    }

    @Description("Who made the move.")
    public Uni<List<@NonNull Participant>> actor(@Source List<PartnerStageChange> changes) {
        return organisations.actorsOf(changes);
    }
}
