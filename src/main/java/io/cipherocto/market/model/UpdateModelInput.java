package io.cipherocto.market.model;

import org.eclipse.microprofile.graphql.Description;

import io.cipherocto.market.core.scalar.TokenAmount;
import java.util.List;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** What the owner may change on a model version; omitted fields stay. The manifest itself cannot change. */
@Input("UpdateModelInput")
public record UpdateModelInput(
        @NonNull @Id String id,
        String description,
        List<String> tags,
        String licence,
        TokenAmount pricePerInference,
        Boolean earlyAccess,
        @Description("Visible only to you, admins and your partner organisation's participants.") Boolean partnerOnly) {
}
