package io.cipherocto.market.identity;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;

/**
 * The caller of the current request, resolved once: the token's claims ({@link #caller()}) and the participant
 * behind them ({@link #participant()}), memoised so that a document with several root fields looks the
 * participant up once.
 */
@RequestScoped
public class CurrentCaller {

    private final SecurityIdentity identity;
    private final ParticipantService participants;
    private Caller caller;
    private Uni<Participant> participant;

    CurrentCaller(SecurityIdentity identity, ParticipantService participants) {
        this.identity = identity;
        this.participants = participants;
    }

    /** Who is calling; UNAUTHENTICATED for an anonymous request. */
    public synchronized Caller caller() {
        if (caller == null) {
            caller = Caller.of(identity);
        }
        return caller;
    }

    /** Who is calling, or empty for an anonymous request (for reads that anyone may make). */
    public synchronized java.util.Optional<Caller> callerIfAny() {
        if (identity == null || identity.isAnonymous()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(caller());
    }

    /** The caller's participant, created or refreshed from the token on first use in this request. */
    public synchronized Uni<Participant> participant() {
        if (participant == null) {
            participant = participants.participantOf(caller()).memoize().indefinitely();
        }
        return participant;
    }
}
