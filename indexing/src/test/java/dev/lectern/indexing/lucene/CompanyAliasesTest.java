package dev.lectern.indexing.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompanyAliasesTest {
    private static final String COVER = """
            UNITED STATES
            SECURITIES AND EXCHANGE COMMISSION
            Form 10-K
            American Express Company

            (Exact name of registrant as specified in its charter)
            | Securities registered pursuant to Section 12(b) of the Act: |
            | Title of each class | Trading Symbol(s) | Name of each exchange on which registered |
            | Common Shares (par value $0.20 per Share) | AXP | New York Stock Exchange |

            Securities registered pursuant to section 12(g) of the Act: None
            """;

    @Test
    void aFilersTickerAndShortNamesComeFromItsCoverPage() {
        assertThat(CompanyAliases.of(COVER).split(" ")).contains("axp", "amex", "ae");
    }

    @Test
    void corporateSuffixesAreNotPartOfTheShortName() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        CompanyAliases.abbreviations("BEST BUY CO., INC.", out);
        assertThat(out).containsExactly("bb", "bebu");
        out.clear();
        CompanyAliases.abbreviations("Microsoft Corporation", out);
        assertThat(out).isEmpty();
    }

    @Test
    void aDocumentWithoutACoverPageHasNoAliases() {
        assertThat(CompanyAliases.of("MUTUAL NON-DISCLOSURE AGREEMENT\n\nThis Agreement is made between Kenway Ltd and ACME.")).isEmpty();
    }
}
