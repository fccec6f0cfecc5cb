package io.cipherocto.market.partner;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

/**
 * The partnership lifecycle (seed: partnership process); {@link #canMoveTo} is the one table of legal moves. The
 * seed's diagram is the main line plus GROWTH → RENEWAL | SUNSET; two edges are ours: RENEWAL → GROWTH (a renewed
 * partnership grows on; RENEWAL has no exit in the diagram) and SUNSET from every stage before it (a target that
 * fails qualification or a deal that falls through has to leave the pipeline somewhere).
 */
@Enum("PartnerStage")
@Description("IDENTIFICATION → QUALIFICATION → OUTREACH → DISCUSSION → TERM_SHEET → INTEGRATION → LAUNCH → GROWTH → "
        + "RENEWAL | SUNSET; RENEWAL → GROWTH; any stage may end in SUNSET, which is final.")
public enum PartnerStage {
    @Description("Target identified: market research, landscape analysis.") IDENTIFICATION,
    @Description("Fit assessment, resource check (1-2 weeks).") QUALIFICATION,
    @Description("Initial contact: meetings, value proposition (1-2 weeks).") OUTREACH,
    @Description("Value exploration: deep dive, term sheet drafting (2-4 weeks).") DISCUSSION,
    @Description("Agreement in principle.") TERM_SHEET,
    @Description("Technical/business integration (1-3 months); the agreement is signed.") INTEGRATION,
    @Description("Partnership live: go-to-market, announcement (1 month).") LAUNCH,
    @Description("Expansion: optimisation, growth.") GROWTH,
    @Description("Ongoing partnership: renewed.") RENEWAL,
    @Description("Concluded (after GROWTH or RENEWAL) or abandoned (earlier); final.") SUNSET;

    private static final Map<PartnerStage, Set<PartnerStage>> MOVES = Map.of(
            IDENTIFICATION, EnumSet.of(QUALIFICATION, SUNSET),
            QUALIFICATION, EnumSet.of(OUTREACH, SUNSET),
            OUTREACH, EnumSet.of(DISCUSSION, SUNSET),
            DISCUSSION, EnumSet.of(TERM_SHEET, SUNSET),
            TERM_SHEET, EnumSet.of(INTEGRATION, SUNSET),
            INTEGRATION, EnumSet.of(LAUNCH, SUNSET),
            LAUNCH, EnumSet.of(GROWTH, SUNSET),
            GROWTH, EnumSet.of(RENEWAL, SUNSET),
            RENEWAL, EnumSet.of(GROWTH, SUNSET),
            SUNSET, EnumSet.noneOf(PartnerStage.class));

    /** Stages of a partner with a signed agreement (the seed measures active partners as signed agreements). */
    public static final Set<PartnerStage> ACTIVE = EnumSet.of(INTEGRATION, LAUNCH, GROWTH, RENEWAL);

    public boolean canMoveTo(PartnerStage to) {
        return MOVES.get(this).contains(to);
    }

    /** Where the stage may go next (empty for SUNSET). */
    public Set<PartnerStage> next() {
        return MOVES.get(this);
    }
}
