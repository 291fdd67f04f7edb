package dev.lectern.indexing;

import dev.lectern.indexing.embed.Embedder;
import dev.lectern.indexing.embed.EmbeddingModels;
import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.ParseException;
import dev.lectern.parsing.chunk.StructureChunker;
import dev.lectern.parsing.model.Chunk;
import dev.lectern.parsing.model.Document;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small documents written by the tests, and the one real embedder shared by all of them. */
final class TestCorpus {
    private static Embedder embedder;

    private TestCorpus() {
    }

    /** The real bundled bge-small model (loaded once: it takes a second or two). */
    static synchronized Embedder embedder() {
        if (embedder == null) {
            embedder = EmbeddingModels.open(EmbeddingModels.DEFAULT.id(), 2);
        }
        return embedder;
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    static Document parse(Path file) throws ParseException {
        return new DocumentParser().extract(file);
    }

    static List<Chunk> chunks(Document d) {
        return new StructureChunker(dev.lectern.parsing.TokenCounter.APPROXIMATE, 60).chunk(d);
    }

    static final String ACME_POLICY = """
            # Acme Privacy Policy

            ## Information we collect
            We collect your name, e-mail address and billing address when you create an account.

            ## Sharing with third parties
            We never sell personal data. Service providers that process payments receive only what they need.

            ## Data retention
            We delete account data within thirty days after you close your account.

            ## Children
            Our services are not directed to children under thirteen.
            """;

    static final String GLOBEX_POLICY = """
            # Globex Privacy Policy

            ## Information we collect
            Globex collects device identifiers and location data from the mobile app.

            ## Sharing with third parties
            Globex shares usage statistics with advertising partners to show relevant ads.

            ## Data retention
            Globex keeps logs for up to two years for security audits.
            """;

    static final String NDA = """
            MUTUAL NON-DISCLOSURE AGREEMENT

            ARTICLE IV TERM AND TERMINATION

            4.1 Term. This Agreement starts on the Effective Date and continues for three years.

            4.2 Termination. Either party may terminate this Agreement on thirty days' written notice.

            ARTICLE V GENERAL

            5.1 Governing Law. This Agreement is governed by the laws of the State of Delaware.
            """;
}
