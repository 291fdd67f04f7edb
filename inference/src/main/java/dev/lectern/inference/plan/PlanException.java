package dev.lectern.inference.plan;

/**
 * The planner's refusal: the model cannot run on these devices with these settings. The message
 * gives the numbers (what is needed, what each device has) and the ways out.
 */
public final class PlanException extends Exception {
    private final long neededBytes;
    private final long availableBytes;

    public PlanException(String message, long neededBytes, long availableBytes) {
        super(message);
        this.neededBytes = neededBytes;
        this.availableBytes = availableBytes;
    }

    /** Bytes the best plan tried needed in all (weights, KV cache, compute buffers). */
    public long neededBytes() {
        return neededBytes;
    }

    /** Bytes the devices could give (free memory less headroom), summed. */
    public long availableBytes() {
        return availableBytes;
    }
}
