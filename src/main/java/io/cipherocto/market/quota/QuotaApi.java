package io.cipherocto.market.quota;

import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.Ids;
import io.cipherocto.market.identity.CurrentCaller;
import io.cipherocto.market.identity.Participant;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.partner.AccessPolicy;
import io.cipherocto.market.partner.ListingView;
import io.cipherocto.market.partner.Action;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** GraphQL surface of resold AI quotas (OCTO-W): list, buy, report usage, cancel, the catalogue and stats. */
@GraphQLApi
public class QuotaApi {

    @Inject
    CurrentCaller current;

    @Inject
    AccessPolicy policy;

    @Inject
    QuotaService quotas;

    @Inject
    ParticipantService participants;

    @Query
    @Description("The resale policy per provider: ALLOWED, REQUIRES_APPROVAL (the seller attests the provider's "
            + "approval) or DENIED (the provider's terms forbid resale).")
    public @NonNull List<@NonNull QuotaResalePolicyRow> quotaResalePolicy() {
        return quotas.resalePolicy();
    }

    @Mutation
    @Authenticated
    @Description("Lists unused AI-provider quota for sale (capacity delivered at your gateway; never an API key). "
            + "FORBIDDEN RESALE_DENIED for a provider whose policy is DENIED; VALIDATION input.approvalReference when "
            + "it requires an approval and none is given.")
    public Uni<@NonNull QuotaListing> createQuotaListing(@NonNull @Name("input") CreateQuotaListingInput input) {
        policy.require(current.caller(), Action.LIST_QUOTA);
        return current.participant().chain(p -> quotas.list(p.id(), input));
    }

    @Mutation
    @Authenticated
    @Description("Withdraws your listing: nothing more is sold; open purchases run on.")
    public Uni<@NonNull QuotaListing> delistQuotaListing(@NonNull @Id @Name("id") String id) {
        policy.require(current.caller(), Action.LIST_QUOTA);
        return current.participant().chain(p -> quotas.delist(p.id(), Ids.uuid("id", id)));
    }

    @Mutation
    @Authenticated
    @Description("Buys tokens of a listing: reserved at once (never oversold) and the price, ceil(tokens × "
            + "pricePerMillion / 1,000,000), held in your escrow. The same idempotencyKey returns the same order and "
            + "never charges twice; with another request it is CONFLICT IDEMPOTENCY_KEY_REUSED.")
    public Uni<@NonNull QuotaPurchase> purchaseQuota(@NonNull @Id @Name("listingId") String listingId,
            @NonNull @Name("tokens") String tokens, @NonNull @Name("idempotencyKey") String idempotencyKey) {
        policy.require(current.caller(), Action.BUY_QUOTA);
        return current.participant().chain(p -> quotas.purchase(p.id(), Ids.uuid("listingId", listingId), tokens,
                idempotencyKey, view()));
    }

    @Mutation
    @Authenticated
    @Description("The listing's seller (their gateway) reports tokens delivered on a purchase since the last report; "
            + "their price share is released to the seller less the platform fee. Idempotent per idempotencyKey.")
    public Uni<@NonNull QuotaPurchase> reportQuotaUsage(@NonNull @Id @Name("purchaseId") String purchaseId,
            @NonNull @Name("tokensUsed") String tokensUsed, @NonNull @Name("idempotencyKey") String idempotencyKey) {
        policy.require(current.caller(), Action.LIST_QUOTA);
        return current.participant().chain(p -> quotas.reportUsage(p.id(), Ids.uuid("purchaseId", purchaseId),
                tokensUsed, idempotencyKey));
    }

    @Mutation
    @Authenticated
    @Description("Cancels your purchase: what reported usage has not released is refunded; unused tokens go back to "
            + "the listing unless it has expired.")
    public Uni<@NonNull QuotaPurchase> cancelQuotaPurchase(@NonNull @Id @Name("purchaseId") String purchaseId) {
        policy.require(current.caller(), Action.BUY_QUOTA);
        return current.participant().chain(p -> quotas.cancel(p.id(), Ids.uuid("purchaseId", purchaseId)));
    }

    @Query
    @Description("A quota listing, or null.")
    public Uni<QuotaListing> quotaListing(@NonNull @Id @Name("id") String id) {
        return quotas.byId(Ids.uuid("id", id), view());
    }

    @Query
    @Description("Quota listings, filtered and sorted (default: newest first).")
    public Uni<@NonNull QuotaListingConnection> quotaListings(@Name("first") Integer first,
            @Name("after") String after, @Name("filter") QuotaListingFilter filter,
            @Name("orderBy") QuotaListingOrder orderBy) {
        PageRequest page = PageRequest.of(first, after);
        return quotas.page(filter, orderBy, page, view()).map(QuotaListingConnection::new);
    }

    @Query
    @Authenticated
    @Description("The caller's quota purchases, newest first.")
    public Uni<@NonNull QuotaPurchaseConnection> myQuotaPurchases(@Name("first") Integer first,
            @Name("after") String after) {
        PageRequest page = PageRequest.of(first, after);
        return current.participant().chain(p -> quotas.mine(p.id(), page)).map(QuotaPurchaseConnection::new);
    }

    @Query
    @Authenticated
    @Description("The purchases of your listing, newest first (what your gateway reports usage against).")
    public Uni<@NonNull QuotaPurchaseConnection> soldQuotaPurchases(@NonNull @Id @Name("listingId") String listingId,
            @Name("first") Integer first, @Name("after") String after) {
        PageRequest page = PageRequest.of(first, after);
        return current.participant().chain(p -> quotas.sold(p.id(), Ids.uuid("listingId", listingId), page))
                .map(QuotaPurchaseConnection::new);
    }

    @Query
    @Description("Sales of all of a seller's quota listings: sold, used, remaining, revenue and recovery rate.")
    public Uni<@NonNull QuotaStats> sellerQuotaStats(@NonNull @Id @Name("sellerId") String sellerId) {
        return quotas.sellerStatsOf(List.of(Ids.uuid("sellerId", sellerId))).map(List::getFirst);
    }

    // ------------------------------------------------------------------------------------------------ nested

    @Description("Who sells it.")
    public Uni<List<@NonNull Participant>> seller(@Source List<QuotaListing> page) {
        return participants.byIds(page.stream().map(QuotaListing::sellerId).toList());
    }

    @Description("What this listing sold and recovered.")
    public Uni<List<@NonNull QuotaStats>> stats(@Source List<QuotaListing> page) {
        return quotas.statsOf(page.stream().map(QuotaListing::id).toList());
    }

    @Description("The listing it was bought from.")
    public Uni<List<@NonNull QuotaListing>> listing(@Source List<QuotaPurchase> page) {
        // the buyer bought it (or the seller sold it): it stays theirs to see, whatever the listing became since
        return quotas.byIds(page.stream().map(QuotaPurchase::listingId).toList(), ListingView.EVERYTHING);
    }

    /** Which listings this request's caller sees (the one rule: {@link AccessPolicy#listings}). */
    private ListingView view() {
        return policy.listings(current.callerIfAny());
    }
}
