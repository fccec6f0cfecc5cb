package io.cipherocto.market.identity;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("ParticipantEdge")
public class ParticipantEdge extends Edge<Participant> {

    ParticipantEdge(String cursor, Participant node) {
        super(cursor, node);
    }
}
