package io.cipherocto.market.datanet;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** Whom to grant read access: exactly one of a participant or a partner organisation. */
@Input("GrantDatanetAccessInput")
@Description("Exactly one of participantId and partnerId.")
public record GrantDatanetAccessInput(
        @NonNull @Id String datanetId,
        @Id String participantId,
        @Description("Every participant whose token carries this partner_id.") String partnerId) {
}
