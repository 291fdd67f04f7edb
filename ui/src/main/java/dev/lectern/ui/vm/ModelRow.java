package dev.lectern.ui.vm;

/**
 * One line of the models dialog: a catalogue entry, an installed file, or a partial download.
 *
 * @param ref      what pull/remove/default act on: the catalogue id, or the file name
 * @param progress 0..1 while downloading, -1 when the size is unknown, else 0
 */
public record ModelRow(String ref, String name, String detail, State state, boolean isDefault, boolean recommended,
                       double progress) {
    /** Where a model stands on this machine. */
    public enum State {
        AVAILABLE("available"),
        DOWNLOADING("downloading"),
        PARTIAL("partly downloaded"),
        INSTALLED("installed"),
        UNUSABLE("cannot be used");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public String stateText() {
        return state.label() + (isDefault ? " (default)" : "") + (recommended ? ", recommended for this machine" : "");
    }
}
