package io.cipherocto.market.chain;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;
import org.web3j.protocol.exceptions.TransactionException;

/**
 * Why talking to the chain failed, as clients and operators see it: a short code and a sentence. The details
 * (exception, node message) go to the server log under an error id; they never reach an API field.
 */
@Enum("ChainFailure")
@Description("Why the last attempt to talk to the chain failed; it is retried.")
public enum ChainFailure {
    /** The node did not answer. */
    NODE_UNREACHABLE("the chain node did not answer"),
    /** The node answered too slowly or the transaction was not mined in time. */
    TIMEOUT("the chain node or the transaction took too long"),
    /** The server account's nonce was taken (e.g. by another replica's transaction). */
    NONCE_TOO_LOW("another transaction from the server's account took its turn"),
    /** The node refused the transaction before mining it. */
    REJECTED("the chain node refused the transaction"),
    /** The transaction was mined but the contract reverted it. */
    REVERTED("the contract refused the transaction"),
    /** The chain reorganised while blocks were being read. */
    REORG("the chain reorganised while blocks were being read"),
    /** Anything else; the log has the details under the error id. */
    UNEXPECTED("an unexpected failure; the server log has the details");

    private final String sentence;

    ChainFailure(String sentence) {
        this.sentence = sentence;
    }

    public String sentence() {
        return sentence;
    }

    /** The code for a failure the mirror or the sender met. */
    public static ChainFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof ChainUnavailableException || t instanceof ConnectException) {
                return NODE_UNREACHABLE;
            }
            if (t instanceof SocketTimeoutException) {
                return TIMEOUT;
            }
            if (message.contains("nonce too low") || message.contains("nonce has already been used")) {
                return NONCE_TOO_LOW;
            }
            if (message.contains("reorg")) {
                return REORG;
            }
            if (t instanceof TransactionException tx) {
                if (tx.getTransactionReceipt().isPresent()) {
                    return REVERTED;
                }
                if (message.contains("receipt") || message.contains("timed out")) {
                    return TIMEOUT;
                }
                return REJECTED;
            }
            if (t instanceof IOException && (message.contains("failed to connect") || message.contains("refused"))) {
                return NODE_UNREACHABLE;
            }
        }
        return UNEXPECTED;
    }

    /** A stored code ({@code chain_outbox.last_error}); rows written before codes existed read as UNEXPECTED. */
    public static ChainFailure stored(String code) {
        if (code == null) {
            return null;
        }
        try {
            return valueOf(code);
        } catch (IllegalArgumentException e) {
            return UNEXPECTED;
        }
    }
}
