package io.cipherocto.market.model;

import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.Ids;
import io.cipherocto.market.datanet.Datanet;
import io.cipherocto.market.identity.CurrentCaller;
import io.cipherocto.market.identity.Participant;
import io.cipherocto.market.partner.AccessPolicy;
import io.cipherocto.market.partner.ListingView;
import io.cipherocto.market.partner.Action;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** GraphQL surface of models: the public catalogue and lineage, publishing and fine-tuning for owners. */
@GraphQLApi
public class ModelApi {

    @Inject
    CurrentCaller current;

    @Inject
    AccessPolicy policy;

    @Inject
    ModelService models;

    @Query
    @Description("One model version; null when there is none.")
    public Uni<Model> model(@NonNull @Id @Name("id") String id) {
        return models.byId(Ids.uuid("id", id), view());
    }

    @Query
    @Description("The model catalogue, filtered and sorted (default: newest first); ties broken by id.")
    public Uni<@NonNull ModelConnection> models(@Name("first") Integer first, @Name("after") String after,
            @Name("filter") ModelFilter filter, @Name("orderBy") ModelOrder orderBy) {
        PageRequest page = PageRequest.of(first, after);
        ModelService.Filter normalised = ModelService.Filter.of(filter, view());
        return models.page(page, normalised, orderBy).map(p -> new ModelConnection(p, normalised));
    }

    @Description("Number of models matching the connection's filter, across all pages.")
    public Uni<@NonNull Integer> totalCount(@Source ModelConnection connection) {
        return models.count(connection.filter());
    }

    @Query
    @Description("A version's fine-tune lineage: the versions it derives from and those derived from it, up to "
            + "`depth` links each way (1–20, default 10); null when the version does not exist.")
    public Uni<ModelLineage> modelLineage(@NonNull @Id @Name("id") String id,
            @Name("depth") @DefaultValue("10") int depth) {
        return models.lineage(Ids.uuid("id", id), depth, view());
    }

    @Mutation
    @Authenticated
    @Description("Publishes a model version (role contributor or operator); the caller owns it. "
            + "(owner, name, version) is unique: CONFLICT MODEL_VERSION_TAKEN.")
    public Uni<@NonNull Model> publishModel(@NonNull @Name("input") PublishModelInput input) {
        policy.require(current.caller(), Action.PUBLISH_MODEL);
        return current.participant().chain(me -> models.publish(me.id(), input));
    }

    @Mutation
    @Authenticated
    @Description("Publishes a fine-tune of one of the caller's versions: a new version whose parent is that one.")
    public Uni<@NonNull Model> fineTuneModel(@NonNull @Name("input") FineTuneModelInput input) {
        policy.require(current.caller(), Action.PUBLISH_MODEL);
        return current.participant().chain(me -> models.fineTune(me.id(), input));
    }

    @Mutation
    @Authenticated
    @Description("Changes a version's description, tags, licence, price or early-access flag (owner only). The "
            + "manifest (name, version, base model, weights, datanets, parent) never changes.")
    public Uni<@NonNull Model> updateModel(@NonNull @Name("input") UpdateModelInput input) {
        return current.participant().chain(me -> models.update(me.id(), input));
    }

    @NonNull
    @Description("Who owns the model (changes it, fine-tunes it).")
    public Uni<List<@NonNull Participant>> owner(@Source List<Model> page) {
        return models.ownersOf(page);
    }

    @Description("The version this one was fine-tuned from; null for an original.")
    public Uni<List<Model>> parent(@Source List<Model> page) {
        return models.parentsOf(page, view());
    }

    @NonNull
    @Description("The datanets this version was trained on (for a fine-tune: those used for the fine-tune).")
    public Uni<List<@NonNull List<@NonNull Datanet>>> datanets(@Source List<Model> page) {
        return models.datanetsOf(page.stream().map(Model::id).toList());
    }

    @NonNull
    @Name("models")
    @Description("The newest model versions trained on this datanet (at most 100).")
    public Uni<List<@NonNull List<@NonNull Model>>> trainedModels(@Source List<Datanet> page) {
        return models.trainedOn(page.stream().map(Datanet::id).toList(), view());
    }

    /** Who sees early-access models in this request (the one rule: {@link AccessPolicy#earlyAccess}). */
    private ListingView view() {
        return policy.listings(current.callerIfAny());
    }
}
