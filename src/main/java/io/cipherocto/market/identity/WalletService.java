package io.cipherocto.market.identity;

import io.cipherocto.market.core.audit.Audit;
import io.cipherocto.market.core.db.Transactions;
import io.cipherocto.market.core.error.OctoException;
import io.cipherocto.market.core.scalar.EvmAddress;
import io.cipherocto.market.core.evm.PersonalSign;
import io.cipherocto.market.core.live.LiveEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Wallet linking: a one-time challenge, then an EIP-191 signature over it proves control of the address. Each is a
 * command: one transaction on one session.
 */
@ApplicationScoped
public class WalletService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Duration challengeTtl;
    private final String domain;
    private final Clock clock;
    private final Transactions transactions;

    WalletService(Transactions transactions,
            @ConfigProperty(name = "octo.wallet.challenge-ttl") Duration challengeTtl,
            @ConfigProperty(name = "octo.wallet.domain") String domain) {
        this.transactions = transactions;
        this.challengeTtl = challengeTtl;
        this.domain = domain;
        this.clock = Clock.systemUTC();
    }

    public Uni<WalletChallenge> challenge(UUID participantId, EvmAddress wallet) {
        String address = wallet.value();
        return transactions.run(session -> session.find(WalletEntity.class, address).flatMap(existing -> {
            if (existing != null) {
                throw alreadyLinked(address, existing.participantId.equals(participantId));
            }
            var challenge = new WalletChallengeEntity();
            challenge.nonce = HexFormat.of().formatHex(nonceBytes());
            challenge.participantId = participantId;
            challenge.address = address;
            challenge.issuedAt = now();
            challenge.expiresAt = challenge.issuedAt.plus(challengeTtl);
            challenge.message = message(challenge);
            return session.persist(challenge).map(ignored -> new WalletChallenge(wallet,
                    challenge.nonce, challenge.message, challenge.expiresAt));
        }));
    }

    /**
     * Links the address if {@code signature} signs the newest challenge issued to this participant for it.
     * Any failure leaves the challenge unused and nothing linked.
     */
    public Uni<Wallet> link(UUID participantId, EvmAddress wallet, String signature) {
        String address = wallet.value();
        return transactions.run(session -> lockAddress(session, address).chain(() -> session
                .createSelectionQuery("from WalletChallengeEntity "
                        + "where participantId = :participant and address = :address order by issuedAt desc",
                        WalletChallengeEntity.class)
                .setParameter("participant", participantId).setParameter("address", address)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).setMaxResults(1).getSingleResultOrNull()
                .flatMap(challenge -> {
                    if (challenge == null) {
                        throw OctoException.notFound("WalletChallenge", address);
                    }
                    if (challenge.usedAt != null) {
                        throw WalletLinkRefused.challengeUsed(address);
                    }
                    if (!now().isBefore(challenge.expiresAt)) {
                        throw WalletLinkRefused.challengeExpired(address);
                    }
                    String signer = PersonalSign.recoverAddress(challenge.message, signature, "signature");
                    if (!signer.equals(address)) {
                        throw OctoException.validation("signature", "not signed by " + address);
                    }
                    return session.find(WalletEntity.class, address).flatMap(existing -> {
                        if (existing != null) {
                            throw alreadyLinked(address, existing.participantId.equals(participantId));
                        }
                        challenge.usedAt = now();
                        var linked = new WalletEntity();
                        linked.address = address;
                        linked.participantId = participantId;
                        linked.linkedAt = challenge.usedAt;
                        return session.persist(linked).call(() -> changed(session, participantId, linked.linkedAt))
                                .replaceWith(new Wallet(wallet, participantId, linked.linkedAt));
                    });
                })));
    }

    /**
     * Links of one address run one at a time (until the transaction ends), so the loser of two participants racing
     * for a wallet reads the winner's row and is told WALLET_OWNED_BY_OTHER, instead of failing on the primary key.
     */
    private static Uni<Object> lockAddress(Mutiny.Session session, String address) {
        return session.createNativeQuery("SELECT CAST(pg_advisory_xact_lock(hashtextextended(:address, 0)) AS text)")
                .setParameter("address", address).getSingleResultOrNull();
    }

    /** Marks the participant changed and tells live subscribers, both inside the command's transaction. */
    private static Uni<Void> changed(Mutiny.Session session, UUID participantId, OffsetDateTime at) {
        Transactions.afterCommit(session, () -> Audit.record("wallet.linked", Map.of("participant", participantId)));
        return session.createNativeQuery("UPDATE participant SET updated_at = :at WHERE id = :id")
                .setParameter("at", at).setParameter("id", participantId).executeUpdate()
                .chain(() -> LiveEvents.publish(session, ParticipantService.TOPIC, participantId.toString()));
    }

    private String message(WalletChallengeEntity c) {
        return domain + " wants you to link your Ethereum account:\n" + c.address + "\n\n"
                + "Link this wallet to your Octo Market account. Signing costs nothing and moves no funds.\n\n"
                + "Nonce: " + c.nonce + "\n"
                + "Issued At: " + c.issuedAt + "\n"
                + "Expiration Time: " + c.expiresAt;
    }

    private OffsetDateTime now() {
        // Microseconds: what PostgreSQL keeps, so a value reads back equal to what was written.
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static byte[] nonceBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static WalletLinkRefused alreadyLinked(String address, boolean toCaller) {
        return toCaller ? WalletLinkRefused.alreadyLinked(address) : WalletLinkRefused.ownedByOther(address);
    }
}
