package dev.lectern.parsing.tika;

import java.util.Locale;
import org.apache.tika.parser.html.DefaultHtmlMapper;

/**
 * Tika's default HTML mapping, except that what it needs to tell hidden elements apart reaches
 * {@link XhtmlStructureHandler}: the {@code hidden} and {@code style} attributes of every element.
 *
 * <p>The default mapping drops the tags (not the text) of elements outside its safe list, among
 * them {@code div}, {@code span} and {@code section}, and with them their attributes, so a
 * {@code <div style="display:none">} would arrive as plain visible text. This mapper passes such
 * elements through under their own names instead; the handler looks only at their attributes and
 * otherwise ignores them, as it did when they never arrived (see {@link #isPassedThrough}). The text
 * stream is unchanged: Tika ends a block element that it keeps with the same line break it writes
 * for one whose tag it drops.
 */
final class HiddenAwareHtmlMapper extends DefaultHtmlMapper {
    static final HiddenAwareHtmlMapper INSTANCE = new HiddenAwareHtmlMapper();

    private HiddenAwareHtmlMapper() {
    }

    @Override
    public String mapSafeElement(String name) {
        String safe = super.mapSafeElement(name);
        return safe != null ? safe : name.toLowerCase(Locale.ROOT);
    }

    @Override
    public String mapSafeAttribute(String elementName, String attributeName) {
        String a = attributeName.toLowerCase(Locale.ROOT);
        if (a.equals("hidden") || a.equals("style")) {
            return a;
        }
        return super.mapSafeAttribute(elementName, attributeName);
    }

    /** Whether the default mapping would have dropped this element's tag (lower-case name as mapped). */
    static boolean isPassedThrough(String mappedName) {
        // the default mapping is keyed by Tika's upper-case element names
        return DefaultHtmlMapper.INSTANCE.mapSafeElement(mappedName.toUpperCase(Locale.ROOT)) == null;
    }

    /**
     * Whether an element's own attributes hide it: the {@code hidden} attribute (any value), or an
     * inline style with {@code display: none} or {@code visibility: hidden | collapse}. Style sheets
     * and classes are not evaluated: that would take a CSS engine.
     */
    static boolean hides(String hiddenAttribute, String style) {
        if (hiddenAttribute != null) {
            return true;
        }
        if (style == null || style.isBlank()) {
            return false;
        }
        String css = style.replaceAll("(?s)/\\*.*?\\*/", "").toLowerCase(Locale.ROOT);
        for (String declaration : css.split(";")) {
            int colon = declaration.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String property = declaration.substring(0, colon).strip();
            String value = declaration.substring(colon + 1).replace("!important", "").strip();
            if (property.equals("display") && value.equals("none")
                    || property.equals("visibility") && (value.equals("hidden") || value.equals("collapse"))) {
                return true;
            }
        }
        return false;
    }
}
