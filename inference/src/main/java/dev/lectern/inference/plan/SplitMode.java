package dev.lectern.inference.plan;

import java.util.Locale;

/** llama.cpp's {@code --split-mode}: how offloaded weights are spread over several devices. */
public enum SplitMode {
    /** One device (or none) holds all offloaded layers. */
    NONE,
    /** Each device holds whole consecutive layers, in proportion to the tensor split (pipeline). */
    LAYER,
    /** Each weight matrix is split by rows across the GPUs (tensor parallel); the main GPU keeps the KV cache. */
    ROW;

    public String llamaName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
