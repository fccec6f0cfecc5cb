package io.cipherocto.market.model;

import io.cipherocto.market.core.scalar.TokenAmount;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** A new model's manifest, price and metadata. */
@Input("PublishModelInput")
public record PublishModelInput(
        @NonNull @Description("1..120 characters; (owner, name, version) is unique.") String name,
        @NonNull @Description("Letters, digits and . _ + -, 1..64 characters, e.g. \"1.0.0\".") String version,
        @NonNull @Description("The foundation model, 1..200 characters.") String baseModel,
        @NonNull String licence,
        @NonNull @Description("SHA-256 of the weights, 64 hex digits.") String weightsHash,
        String description,
        @Description("Normalised to lower case, duplicates dropped; at most 10 of at most 32 characters.")
        List<String> tags,
        @Description("Datanets the model was trained on (each must exist); at most 32.")
        List<String> datanetIds,
        @NonNull TokenAmount pricePerInference,
        @Description("Default false.") Boolean earlyAccess,
        @Description("Visible only to you, admins and your partner organisation's participants (the token's partner_id). Default false.") Boolean partnerOnly) {
}
