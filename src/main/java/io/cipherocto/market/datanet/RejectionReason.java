package io.cipherocto.market.datanet;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

/** Why a curator rejected a contribution, or why a challenger challenges one: closed, so clients can act on it. */
@Enum("RejectionReason")
@Description("Why a contribution was rejected or challenged. A closed list, so frontends and contributors can act on it.")
public enum RejectionReason {
    /** The same data is already in the datanet (maybe under another hash). */
    DUPLICATE,
    /** Too noisy, too small or not useful enough. */
    LOW_QUALITY,
    /** The licence does not allow use in this datanet. */
    WRONG_LICENCE,
    /** Not what this datanet collects. */
    OFF_TOPIC,
    /** The content at the URI does not match the hash, or cannot be read. */
    MALFORMED,
    /** Poisoned, plagiarised or otherwise in bad faith. */
    MALICIOUS,
    /** Anything else; the note says what. */
    OTHER
}
