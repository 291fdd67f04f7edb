package dev.lectern.inference;

/** Why a generation ended. */
public enum StopReason {
    /** The model said it was done (end-of-sequence or a stop string). */
    FINISHED,
    /** It reached the request's token limit. */
    LENGTH,
    /** The caller cancelled it. */
    CANCELLED
}
