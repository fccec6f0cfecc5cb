package io.cipherocto.market.identity;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import io.cipherocto.market.core.evm.EvmAddress;
import io.cipherocto.market.core.evm.PersonalSign;
import io.cipherocto.market.core.live.LiveEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
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

/** Wallet linking: a one-time challenge, then an EIP-191 signature over it proves control of the address. */
@ApplicationScoped
public class WalletService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Duration challengeTtl;
    private final String domain;
    private final Clock clock;

    WalletService(@ConfigProperty(name = "octo.wallet.challenge-ttl") Duration challengeTtl,
            @ConfigProperty(name = "octo.wallet.domain") String domain) {
        this.challengeTtl = challengeTtl;
        this.domain = domain;
        this.clock = Clock.systemUTC();
    }

    @WithTransaction
    public Uni<WalletChallenge> challenge(UUID participantId, String rawAddress) {
        String address = EvmAddress.normalize("address", rawAddress);
        return WalletEntity.<WalletEntity>findById(address).flatMap(existing -> {
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
            return challenge.<WalletChallengeEntity>persist().map(saved -> new WalletChallenge(saved.address,
                    saved.nonce, saved.message, saved.expiresAt));
        });
    }

    /**
     * Links the address if {@code signature} signs the newest challenge issued to this participant for it.
     * Any failure leaves the challenge unused and nothing linked.
     */
    @WithTransaction
    public Uni<Wallet> link(UUID participantId, String rawAddress, String signature) {
        String address = EvmAddress.normalize("address", rawAddress);
        return WalletChallengeEntity.<WalletChallengeEntity>find(
                        "participantId = ?1 and address = ?2 order by issuedAt desc", participantId, address)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .flatMap(challenge -> {
                    if (challenge == null) {
                        throw OctoException.notFound("WalletChallenge", address);
                    }
                    if (challenge.usedAt != null) {
                        throw new OctoException(ErrorCode.CONFLICT, "challenge already used; request a new one",
                                Map.of("reason", "CHALLENGE_USED"));
                    }
                    if (!now().isBefore(challenge.expiresAt)) {
                        throw new OctoException(ErrorCode.CONFLICT, "challenge expired; request a new one",
                                Map.of("reason", "CHALLENGE_EXPIRED"));
                    }
                    String signer = PersonalSign.recoverAddress(challenge.message, signature, "signature");
                    if (!signer.equals(address)) {
                        throw OctoException.validation("signature", "not signed by " + address);
                    }
                    return WalletEntity.<WalletEntity>findById(address).flatMap(existing -> {
                        if (existing != null) {
                            throw alreadyLinked(address, existing.participantId.equals(participantId));
                        }
                        challenge.usedAt = now();
                        var wallet = new WalletEntity();
                        wallet.address = address;
                        wallet.participantId = participantId;
                        wallet.linkedAt = challenge.usedAt;
                        return wallet.<WalletEntity>persist().call(saved -> changed(participantId, saved.linkedAt));
                    });
                })
                .map(w -> new Wallet(w.address, w.participantId, w.linkedAt));
    }

    /** Marks the participant changed and tells live subscribers, both inside the current transaction. */
    private static Uni<Void> changed(UUID participantId, OffsetDateTime at) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("UPDATE participant SET updated_at = :at WHERE id = :id")
                .setParameter("at", at).setParameter("id", participantId).executeUpdate()
                .chain(() -> LiveEvents.publish(session, IdentityService.TOPIC, participantId.toString())));
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

    private static OctoException alreadyLinked(String address, boolean toCaller) {
        return new OctoException(ErrorCode.CONFLICT,
                toCaller ? "wallet already linked to you" : "wallet linked to another participant",
                Map.of("reason", toCaller ? "WALLET_ALREADY_LINKED" : "WALLET_OWNED_BY_OTHER", "address", address));
    }
}
