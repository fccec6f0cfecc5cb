package io.cipherocto.market.settlement;

import io.cipherocto.market.core.error.OctoException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One balanced ledger transaction to post: a kind, an idempotency reference and signed legs that sum to zero.
 * Factory methods name the movements the marketplace makes.
 */
public record Posting(TransactionKind kind, String ref, List<Leg> legs) {

    /**
     * A signed movement on one account: a participant's ({@code participantId}), a partner organisation's
     * ({@code organisationId}, for {@link AccountKind#PARTNER_SHARE}) or the platform's (both null).
     */
    public record Leg(UUID participantId, AccountKind account, BigInteger amount, UUID organisationId) {

        public Leg(UUID participantId, AccountKind account, BigInteger amount) {
            this(participantId, account, amount, null);
        }

        /** A leg on a partner organisation's account. */
        static Leg organisation(UUID organisationId, AccountKind account, BigInteger amount) {
            return new Leg(null, account, amount, organisationId);
        }

        boolean fitsOwner() {
            if (account.isOrganisation()) {
                return participantId == null && organisationId != null;
            }
            return organisationId == null && account.isParticipant() == (participantId != null);
        }
    }

    public Posting {
        if (legs.size() < 2 || legs.stream().anyMatch(l -> l.amount().signum() == 0)) {
            throw new IllegalArgumentException("a posting needs at least two non-zero legs: " + legs);
        }
        if (legs.stream().map(Leg::amount).reduce(BigInteger.ZERO, BigInteger::add).signum() != 0) {
            throw new IllegalArgumentException("legs do not sum to zero: " + legs);
        }
        for (Leg leg : legs) {
            if (!leg.fitsOwner()) {
                throw new IllegalArgumentException("owner does not fit account kind: " + leg);
            }
        }
        // credits first: an account debited and credited in one posting never dips below zero in between. Then a fixed
        // account order (kind, owner): postings crediting the same shared rows (PLATFORM_FEE and a partner's
        // PARTNER_SHARE on concurrent sales) update them in the same order, so they queue instead of deadlocking
        legs = legs.stream().sorted(CREDITS_FIRST).toList();
    }

    private static final Comparator<UUID> OWNER = Comparator.nullsFirst(Comparator.naturalOrder());
    private static final Comparator<Leg> CREDITS_FIRST = Comparator.<Leg>comparingInt(l -> -l.amount().signum())
            .thenComparing(l -> l.account().ordinal())
            .thenComparing(Leg::participantId, OWNER)
            .thenComparing(Leg::organisationId, OWNER);

    // ---- partner revenue share ----

    /**
     * The buyer of a sale: the one participant a {@link TransactionKind#SALES} posting debits (the consumer's
     * available funds for agent usage, the buyer's escrow for quota usage and job payouts). Empty for other kinds.
     */
    public Optional<UUID> buyer() {
        if (!TransactionKind.SALES.contains(kind)) {
            return Optional.empty();
        }
        List<UUID> debited = legs.stream().filter(l -> l.amount().signum() < 0 && l.participantId() != null)
                .map(Leg::participantId).distinct().toList();
        return debited.size() == 1 ? Optional.of(debited.getFirst()) : Optional.empty();
    }

    /** What the platform-fee account is credited (zero when the posting has no such leg). */
    public BigInteger platformFee() {
        return legs.stream().filter(l -> l.account() == AccountKind.PLATFORM_FEE).map(Leg::amount)
                .reduce(BigInteger.ZERO, BigInteger::add);
    }

    /**
     * The same sale with {@code share} of its platform fee paid to the partner organisation's PARTNER_SHARE account
     * instead: the platform-fee leg shrinks by exactly what the new leg credits, so the posting still sums to zero
     * (a platform-fee leg shrunk to nothing is dropped). A zero share changes nothing.
     */
    public Posting withPartnerShare(UUID organisationId, BigInteger share) {
        BigInteger fee = platformFee();
        if (organisationId == null || share.signum() < 0 || share.compareTo(fee) > 0) {
            throw new IllegalArgumentException("partner share " + share + " of platform fee " + fee);
        }
        if (share.signum() == 0) {
            return this;
        }
        if (legs.stream().filter(l -> l.account() == AccountKind.PLATFORM_FEE).count() != 1) {
            throw new IllegalArgumentException("a partner share comes out of exactly one platform-fee leg: " + legs);
        }
        List<Leg> shared = new ArrayList<>();
        for (Leg leg : legs) {
            if (leg.account() != AccountKind.PLATFORM_FEE) {
                shared.add(leg);
            } else if (leg.amount().compareTo(share) > 0) {
                shared.add(new Leg(null, AccountKind.PLATFORM_FEE, leg.amount().subtract(share)));
            }
        }
        shared.add(Leg.organisation(organisationId, AccountKind.PARTNER_SHARE, share));
        return new Posting(kind, ref, shared);
    }

    public static Posting deposit(UUID participant, BigInteger amount, String ref) {
        positive(amount);
        return new Posting(TransactionKind.DEPOSIT, ref, List.of(
                new Leg(null, AccountKind.VAULT, amount.negate()),
                new Leg(participant, AccountKind.AVAILABLE, amount)));
    }

    /** Available funds move to escrow while a payout is on its way to the chain. */
    public static Posting withdrawalRequested(UUID participant, BigInteger amount, String ref) {
        return withdrawalRequested(participant, amount, BigInteger.ZERO, ref);
    }

    /** As above, and the withdrawal's fee moves from available funds to the platform-fee account. */
    public static Posting withdrawalRequested(UUID participant, BigInteger amount, BigInteger fee, String ref) {
        positive(amount);
        if (fee.signum() < 0) {
            throw new IllegalArgumentException("negative fee " + fee);
        }
        List<Leg> legs = new ArrayList<>(List.of(
                new Leg(participant, AccountKind.AVAILABLE, amount.add(fee).negate()),
                new Leg(participant, AccountKind.ESCROW, amount)));
        if (fee.signum() > 0) {
            legs.add(new Leg(null, AccountKind.PLATFORM_FEE, fee));
        }
        return new Posting(TransactionKind.WITHDRAWAL_REQUESTED, ref, legs);
    }

    /** The payout was mined: the escrow leaves the platform through the vault. */
    public static Posting withdrawalPaid(UUID participant, BigInteger amount, String ref) {
        positive(amount);
        return new Posting(TransactionKind.WITHDRAWAL_PAID, ref, List.of(
                new Leg(participant, AccountKind.ESCROW, amount.negate()),
                new Leg(null, AccountKind.VAULT, amount)));
    }

    /** A reorg removed the deposit event: the credit is taken back. */
    public static Posting depositReversed(UUID participant, BigInteger amount, String depositRef) {
        positive(amount);
        return new Posting(TransactionKind.DEPOSIT_REVERSED, "reversal:" + depositRef, List.of(
                new Leg(participant, AccountKind.AVAILABLE, amount.negate()),
                new Leg(null, AccountKind.VAULT, amount)));
    }

    /** A reorg removed the payout event: the escrow is held again until the payout is mined anew. */
    public static Posting withdrawalPaidReversed(UUID participant, BigInteger amount, String paidRef, String fork) {
        positive(amount);
        return new Posting(TransactionKind.WITHDRAWAL_PAID_REVERSED, "reversal:" + paidRef + ":" + fork, List.of(
                new Leg(null, AccountKind.VAULT, amount.negate()),
                new Leg(participant, AccountKind.ESCROW, amount)));
    }

    public static Posting transfer(UUID from, UUID to, BigInteger amount, String ref) {
        positive(amount);
        if (from.equals(to)) {
            throw OctoException.validation("to", "cannot transfer to the same participant");
        }
        return new Posting(TransactionKind.TRANSFER, ref, List.of(
                new Leg(from, AccountKind.AVAILABLE, amount.negate()),
                new Leg(to, AccountKind.AVAILABLE, amount)));
    }

    /** Part of a wallet's on-chain stake is bonded: the participant's BONDED account against the STAKE contra. */
    public static Posting bondHeld(UUID participant, BigInteger bond, String ref) {
        positive(bond);
        return new Posting(TransactionKind.BOND_HELD, ref, List.of(
                new Leg(null, AccountKind.STAKE, bond.negate()),
                new Leg(participant, AccountKind.BONDED, bond)));
    }

    /** The bond is released whole. */
    public static Posting bondReleased(UUID participant, BigInteger bond, String ref) {
        positive(bond);
        return new Posting(TransactionKind.BOND_RELEASED, ref, List.of(
                new Leg(participant, AccountKind.BONDED, bond.negate()),
                new Leg(null, AccountKind.STAKE, bond)));
    }

    /**
     * A mirrored slash of {@code slashed} consumed the bond: the bond leaves BONDED, the unslashed rest goes back to
     * the STAKE contra, the slashed stake (now at the on-chain treasury) is the treasury's, less {@code reward} to the
     * participant {@code rewarded} (an upheld challenger; null when nobody is rewarded).
     */
    public static Posting bondSlashed(UUID participant, BigInteger bond, BigInteger slashed, UUID rewarded,
            BigInteger reward, String ref) {
        List<Leg> legs = slashLegs(participant, bond, slashed, rewarded, reward);
        return new Posting(TransactionKind.BOND_SLASHED, ref, legs);
    }

    /** A reorg removed the slash: exactly the opposite legs of {@link #bondSlashed}. */
    public static Posting bondSlashedReversed(UUID participant, BigInteger bond, BigInteger slashed, UUID rewarded,
            BigInteger reward, String slashedRef) {
        List<Leg> legs = slashLegs(participant, bond, slashed, rewarded, reward).stream()
                .map(l -> new Leg(l.participantId(), l.account(), l.amount().negate())).toList();
        return new Posting(TransactionKind.BOND_SLASHED_REVERSED, "reversal:" + slashedRef, legs);
    }

    private static List<Leg> slashLegs(UUID participant, BigInteger bond, BigInteger slashed, UUID rewarded,
            BigInteger reward) {
        positive(bond);
        positive(slashed);
        if (slashed.compareTo(bond) > 0 || reward.signum() < 0 || reward.compareTo(slashed) > 0
                || (reward.signum() > 0 && rewarded == null)) {
            throw new IllegalArgumentException("slash " + slashed + " of bond " + bond + " with reward " + reward);
        }
        List<Leg> legs = new ArrayList<>(List.of(new Leg(participant, AccountKind.BONDED, bond.negate())));
        if (bond.compareTo(slashed) > 0) {
            legs.add(new Leg(null, AccountKind.STAKE, bond.subtract(slashed)));
        }
        if (slashed.compareTo(reward) > 0) {
            legs.add(new Leg(null, AccountKind.TREASURY, slashed.subtract(reward)));
        }
        if (reward.signum() > 0) {
            legs.add(new Leg(rewarded, AccountKind.AVAILABLE, reward));
        }
        return legs;
    }

    /** A challenger locks a deposit while the challenge is open. */
    public static Posting challengeDepositLocked(UUID challenger, BigInteger deposit, String ref) {
        positive(deposit);
        return new Posting(TransactionKind.CHALLENGE_DEPOSIT_LOCKED, ref, List.of(
                new Leg(challenger, AccountKind.AVAILABLE, deposit.negate()),
                new Leg(challenger, AccountKind.ESCROW, deposit)));
    }

    /** The challenge was upheld: the deposit goes back to the challenger. */
    public static Posting challengeDepositReturned(UUID challenger, BigInteger deposit, String ref) {
        positive(deposit);
        return new Posting(TransactionKind.CHALLENGE_DEPOSIT_RETURNED, ref, List.of(
                new Leg(challenger, AccountKind.ESCROW, deposit.negate()),
                new Leg(challenger, AccountKind.AVAILABLE, deposit)));
    }

    /** The challenge was dismissed: the deposit goes to the contributor who was wrongly challenged. */
    public static Posting challengeDepositForfeited(UUID challenger, UUID contributor, BigInteger deposit, String ref) {
        positive(deposit);
        return new Posting(TransactionKind.CHALLENGE_DEPOSIT_FORFEITED, ref, List.of(
                new Leg(challenger, AccountKind.ESCROW, deposit.negate()),
                new Leg(contributor, AccountKind.AVAILABLE, deposit)));
    }

    // ---- resold AI quotas (quota package) ------------------------------------------------------------------

    /** A quota purchase: its price moves from the buyer's available funds to escrow until usage or a refund. */
    public static Posting quotaPurchased(UUID buyer, BigInteger price, String ref) {
        positive(price);
        return new Posting(TransactionKind.QUOTA_PURCHASED, ref, List.of(
                new Leg(buyer, AccountKind.AVAILABLE, price.negate()),
                new Leg(buyer, AccountKind.ESCROW, price)));
    }

    /**
     * Reported usage releases {@code released} of the buyer's escrow: {@code fee} to the platform, the rest to the
     * seller's available funds (either part may be zero, not both).
     */
    public static Posting quotaUsageReleased(UUID buyer, UUID seller, BigInteger released, BigInteger fee,
            String ref) {
        return new Posting(TransactionKind.QUOTA_USAGE_RELEASED, ref, releasedLessFee(buyer, seller, released, fee));
    }

    /**
     * {@code gross} leaves {@code payer}'s escrow: {@code fee} to the platform, the rest to {@code payee}'s available
     * funds (either part may be zero, not both).
     */
    private static List<Leg> releasedLessFee(UUID payer, UUID payee, BigInteger gross, BigInteger fee) {
        positive(gross);
        if (fee.signum() < 0 || fee.compareTo(gross) > 0) {
            throw new IllegalArgumentException("fee " + fee + " of " + gross);
        }
        List<Leg> legs = new ArrayList<>(List.of(new Leg(payer, AccountKind.ESCROW, gross.negate())));
        if (gross.subtract(fee).signum() > 0) {
            legs.add(new Leg(payee, AccountKind.AVAILABLE, gross.subtract(fee)));
        }
        if (fee.signum() > 0) {
            legs.add(new Leg(null, AccountKind.PLATFORM_FEE, fee));
        }
        return legs;
    }

    /** A closed purchase: what usage did not release goes back from escrow to the buyer's available funds. */
    public static Posting quotaRefunded(UUID buyer, BigInteger refund, String ref) {
        positive(refund);
        return new Posting(TransactionKind.QUOTA_REFUNDED, ref, List.of(
                new Leg(buyer, AccountKind.ESCROW, refund.negate()),
                new Leg(buyer, AccountKind.AVAILABLE, refund)));
    }

    // ---- models and agents (issue 9) ----

    /**
     * An agent's usage: the consumer pays {@code amount}; the agent's owner gets {@code amount - commission}, the
     * platform-fee account {@code commission} (a zero part has no leg). The caller computes the commission (rounded
     * down), so the parts add up to the amount exactly.
     */
    public static Posting agentUsage(UUID consumer, UUID owner, BigInteger amount, BigInteger commission, String ref) {
        positive(amount);
        if (consumer.equals(owner)) {
            throw new IllegalArgumentException("an agent's owner does not pay for its own usage");
        }
        if (commission.signum() < 0 || commission.compareTo(amount) > 0) {
            throw new IllegalArgumentException("commission " + commission + " of " + amount);
        }
        List<Leg> legs = new ArrayList<>(List.of(new Leg(consumer, AccountKind.AVAILABLE, amount.negate())));
        BigInteger ownerShare = amount.subtract(commission);
        if (ownerShare.signum() > 0) {
            legs.add(new Leg(owner, AccountKind.AVAILABLE, ownerShare));
        }
        if (commission.signum() > 0) {
            legs.add(new Leg(null, AccountKind.PLATFORM_FEE, commission));
        }
        return new Posting(TransactionKind.AGENT_USAGE, ref, legs);
    }

    private static void positive(BigInteger amount) {
        if (amount == null || amount.signum() <= 0) {
            throw OctoException.validation("amount", "must be positive");
        }
    }

    // ---- compute jobs (job package) ----

    /** A job's budget moves from the consumer's available funds to escrow until the job ends. */
    public static Posting jobEscrowed(UUID consumer, BigInteger budget, String ref) {
        positive(budget);
        return new Posting(TransactionKind.JOB_ESCROWED, ref, List.of(
                new Leg(consumer, AccountKind.AVAILABLE, budget.negate()),
                new Leg(consumer, AccountKind.ESCROW, budget)));
    }

    /** The operator is paid {@code gross} out of the consumer's escrow: {@code fee} to the platform, the rest to it. */
    public static Posting jobPaid(UUID consumer, UUID operator, BigInteger gross, BigInteger fee, String ref) {
        return new Posting(TransactionKind.JOB_PAID, ref, releasedLessFee(consumer, operator, gross, fee));
    }

    /** What a job did not spend goes back from escrow to the consumer. */
    public static Posting jobRefunded(UUID consumer, BigInteger refund, String ref) {
        positive(refund);
        return new Posting(TransactionKind.JOB_REFUNDED, ref, List.of(
                new Leg(consumer, AccountKind.ESCROW, refund.negate()),
                new Leg(consumer, AccountKind.AVAILABLE, refund)));
    }
}
