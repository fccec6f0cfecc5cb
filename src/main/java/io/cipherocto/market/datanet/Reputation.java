package io.cipherocto.market.datanet;

import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A participant's reputation from datanet verdicts, overall or in one datanet (formula: V10__datanet.sql, README). */
@Type("Reputation")
@Description("Reputation from datanet verdicts: score = 2·accepted + 8·finalized − 2·rejected − 30·slashed "
        + "+ 5·challengesUpheld − 3·challengesDismissed (see README, Reputation).")
public record Reputation(
        @Ignore UUID participantId,
        @NonNull int score,
        @NonNull @Description("Contributions accepted by a curator.") int accepted,
        @NonNull @Description("Contributions that became FINAL (window passed, or challenge dismissed).") int finalized,
        @NonNull @Description("Contributions rejected without being malicious.") int rejected,
        @NonNull @Description("Contributions slashed as malicious.") int slashed,
        @NonNull @Description("Challenges this participant raised that were upheld.") int challengesUpheld,
        @NonNull @Description("Challenges this participant raised that were dismissed.") int challengesDismissed) {

    static Reputation none(UUID participantId) {
        return new Reputation(participantId, 0, 0, 0, 0, 0, 0, 0);
    }
}
