package io.cipherocto.market.model;

import io.cipherocto.market.core.scalar.TokenAmount;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** A fine-tune of one of the caller's model versions: the new version's manifest; the rest is inherited. */
@Input("FineTuneModelInput")
public record FineTuneModelInput(
        @NonNull @Id @Description("The version fine-tuned; it must be the caller's.") String parentId,
        @NonNull @Description("The new version (name and base model are the parent's).") String version,
        @NonNull @Description("SHA-256 of the new weights, 64 hex digits.") String weightsHash,
        @Description("Datanets used for this fine-tune (each must exist); at most 32.")
        List<String> datanetIds,
        @Description("The compute job that produced it, 1..200 characters.") String jobReference,
        @Description("Omitted: the parent's.") TokenAmount pricePerInference,
        @Description("Omitted: the parent's.") String description,
        @Description("Omitted: the parent's.") List<String> tags,
        @Description("Omitted: the parent's.") String licence,
        @Description("Omitted: the parent's.") Boolean earlyAccess,
        @Description("Visible only to you, admins and your partner organisation's participants (the token's partner_id). Omitted: the parent's.") Boolean partnerOnly) {
}
