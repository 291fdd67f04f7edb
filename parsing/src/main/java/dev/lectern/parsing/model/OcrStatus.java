package dev.lectern.parsing.model;

/** Whether a document's text came, or should have come, from optical character recognition. */
public enum OcrStatus {
    /** Every page had a text layer. */
    NOT_NEEDED,
    /** Pages without a text layer were recognised with Tesseract. */
    DONE,
    /** Some pages have no text layer and no OCR engine was available: their text is missing. */
    NEEDS_OCR
}
