package dev.lectern.app.archfixture;

import org.apache.tika.metadata.Metadata;

/** Test fixture: an app class that uses a Tika type, which the containment rule must reject. */
public final class TikaOutsideParsing {

    private TikaOutsideParsing() {
    }

    public static String title(Metadata metadata) {
        return metadata.get("dc:title");
    }
}
