import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import dev.lectern.parsing.fixtures.OfficeFixtures;
import dev.lectern.parsing.fixtures.PdfFixtures;

/**
 * Writes Lectern's sample documents and icons. All companies, people and figures are fictional.
 *
 * <p>Run from the repository root with the parsing module's test classpath (see assets/README.md):
 * <pre>
 * java -cp "$(cat /tmp/cp.txt):parsing/target/test-classes" assets/tools/MakeSamples.java [assets-dir]
 * </pre>
 */
public class MakeSamples {

    private static final long FIXED_ZIP_TIME = Instant.parse("2025-01-02T09:00:00Z").toEpochMilli();

    /** One block of a sample, shared by its PDF and DOCX versions. Level 0 is the title. */
    sealed interface Item permits H, P, T, Break {
    }

    record H(int level, String text) implements Item {
    }

    record P(String text) implements Item {
    }

    record T(String caption, List<List<String>> rows) implements Item {
    }

    /** A page break in the PDF; the DOCX flows continuously. */
    record Break() implements Item {
    }

    public static void main(String[] args) throws IOException {
        Path assets = Path.of(args.length > 0 ? args[0] : "assets");
        Path samples = Files.createDirectories(assets.resolve("samples"));
        Path icons = Files.createDirectories(assets.resolve("icons"));

        List<Item> nda = nda();
        pdf(nda, "Mutual Non-Disclosure Agreement — Confidential").write(samples.resolve("sample-nda.pdf"));
        docx(nda, samples.resolve("sample-nda.docx"));

        List<Item> report = annualReport();
        pdf(report, "Northwind Instruments Corp. — 2024 Annual Report").write(samples.resolve("annual-report.pdf"));
        docx(report, samples.resolve("annual-report.docx"));

        ImageIO.write(PdfFixtures.textImage(scannedLetter(), 1700, 2200, 44), "png",
                samples.resolve("scanned-letter.png").toFile());

        ImageIO.write(icon(256), "png", icons.resolve("lectern.png").toFile());
        ImageIO.write(icon(64), "png", icons.resolve("lectern-64.png").toFile());

        try (var files = Files.list(samples)) {
            for (Path file : files.sorted().toList()) {
                System.out.printf("%-40s %,9d bytes%n", file, Files.size(file));
            }
        }
        System.out.println("icons written to " + icons);
    }

    // ----------------------------------------------------------------------------------- writers

    private static PdfFixtures pdf(List<Item> items, String runningHeader) {
        PdfFixtures pdf = PdfFixtures.create().runningHeader(runningHeader).pageNumbers(true).page();
        for (Item item : items) {
            if (item instanceof H h) {
                pdf.heading(h.text(), h.level() == 0 ? 18 : h.level() == 1 ? 13 : 11.5f);
            } else if (item instanceof P p) {
                pdf.paragraph(p.text());
            } else if (item instanceof T t) {
                pdf.table(t.caption(), t.rows());
            } else if (item instanceof Break) {
                pdf.page();
            }
        }
        return pdf;
    }

    private static void docx(List<Item> items, Path out) {
        String title = null;
        List<OfficeFixtures.Block> blocks = new ArrayList<>();
        for (Item item : items) {
            if (item instanceof H h && h.level() == 0) {
                title = h.text();
            } else if (item instanceof H h) {
                blocks.add(new OfficeFixtures.Heading(h.level(), h.text()));
            } else if (item instanceof P p) {
                blocks.add(new OfficeFixtures.Para(p.text()));
            } else if (item instanceof T t) {
                blocks.add(new OfficeFixtures.TableBlock(t.caption(), t.rows()));
            }
        }
        OfficeFixtures.docx(out, title, blocks);
        fixZipTimes(out);
    }

    /** Rewrites a zip with fixed entry times, so that regenerating an unchanged sample gives the same bytes. */
    private static void fixZipTimes(Path zip) {
        try {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip));
                 ZipOutputStream out = new ZipOutputStream(copy)) {
                for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    ZipEntry fixed = new ZipEntry(entry.getName());
                    fixed.setTime(FIXED_ZIP_TIME);
                    out.putNextEntry(fixed);
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            Files.write(zip, copy.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("could not normalize " + zip, e);
        }
    }

    // ------------------------------------------------------------------------------------- texts

    private static List<Item> nda() {
        return List.of(
                new H(0, "MUTUAL NON-DISCLOSURE AGREEMENT"),
                new P("This Mutual Non-Disclosure Agreement (the \"Agreement\") is entered into as of March 3, 2025 "
                        + "(the \"Effective Date\") by and between Acme Robotics, Inc., a Delaware corporation with its "
                        + "principal place of business at 1200 Foundry Lane, Pittsburgh, Pennsylvania 15222 (\"Acme\"), "
                        + "and Borealis Analytics GmbH, a company organized under the laws of the Federal Republic of "
                        + "Germany with its registered office at Hafenkante 18, 20457 Hamburg, Germany (\"Borealis\"). "
                        + "Acme and Borealis are each referred to as a \"Party\" and together as the \"Parties\"."),
                new H(1, "RECITALS"),
                new P("WHEREAS, the Parties wish to explore a potential collaboration concerning autonomous "
                        + "inspection robots for cold-storage warehouses and the analytics software that schedules "
                        + "them; and WHEREAS, in the course of that evaluation each Party expects to disclose to the "
                        + "other certain information that it regards as confidential and proprietary;"),
                new P("NOW, THEREFORE, in consideration of the mutual covenants set out below, the Parties agree "
                        + "as follows."),
                new H(1, "ARTICLE I DEFINITIONS"),
                new P("1.1 Confidential Information. \"Confidential Information\" means all non-public information, "
                        + "in any form or medium, that a Party discloses to the other Party on or after the Effective "
                        + "Date and that is marked or identified as confidential or that a reasonable person would "
                        + "understand to be confidential given its nature and the circumstances of disclosure. "
                        + "Confidential Information includes, without limitation, source code, robot control "
                        + "firmware, sensor calibration data, product roadmaps, pricing, customer lists and "
                        + "the terms of this Agreement."),
                new P("1.2 Disclosing Party and Receiving Party. The \"Disclosing Party\" is the Party that discloses "
                        + "Confidential Information, and the \"Receiving Party\" is the Party that receives it."),
                new P("1.3 Representatives. \"Representatives\" means a Party's directors, officers, employees, "
                        + "professional advisers and subcontractors who need to know the Confidential Information "
                        + "for the Purpose and who are bound by written obligations of confidentiality no less "
                        + "protective than those in this Agreement."),
                new P("1.4 Purpose. \"Purpose\" means evaluating, negotiating and, if agreed, planning a joint pilot "
                        + "deployment of Acme's inspection robots with Borealis's fleet analytics platform."),
                new Break(),
                new H(1, "ARTICLE II OBLIGATIONS OF THE RECEIVING PARTY"),
                new P("2.1 Non-Use and Non-Disclosure. The Receiving Party shall use the Confidential Information "
                        + "solely for the Purpose and shall not disclose it to any third party other than its "
                        + "Representatives. The Receiving Party is responsible for any breach of this Agreement "
                        + "caused by its Representatives."),
                new P("2.2 Standard of Care. The Receiving Party shall protect the Confidential Information with at "
                        + "least the degree of care it uses to protect its own information of a similar nature, and "
                        + "in no event less than reasonable care."),
                new P("2.3 Compelled Disclosure. If the Receiving Party is required by law, regulation or court "
                        + "order to disclose any Confidential Information, it shall, to the extent legally "
                        + "permitted, give the Disclosing Party prompt written notice so that the Disclosing Party "
                        + "may seek a protective order, and shall disclose only the portion that it is legally "
                        + "required to disclose."),
                new P("2.4 Notice of Unauthorized Use. The Receiving Party shall notify the Disclosing Party in "
                        + "writing without undue delay, and in any case within five (5) business days, after "
                        + "becoming aware of any unauthorized use or disclosure of Confidential Information."),
                new H(1, "ARTICLE III EXCLUSIONS"),
                new P("3.1 Exclusions. The obligations in Article II do not apply to information that the Receiving "
                        + "Party can demonstrate (a) is or becomes generally available to the public through no "
                        + "fault of the Receiving Party; (b) was lawfully known to the Receiving Party before "
                        + "disclosure without an obligation of confidentiality; (c) is lawfully received from a "
                        + "third party without restriction on disclosure; or (d) is independently developed by the "
                        + "Receiving Party without use of or reference to the Confidential Information."),
                new P("3.2 No License. All Confidential Information remains the property of the Disclosing Party. "
                        + "Nothing in this Agreement grants the Receiving Party any license or other right under "
                        + "any patent, copyright, trade secret or other intellectual property right, except the "
                        + "limited right to use the Confidential Information for the Purpose."),
                new Break(),
                new H(1, "ARTICLE IV TERM AND TERMINATION"),
                new P("4.1 Term. This Agreement commences on the Effective Date and continues for a term of three "
                        + "(3) years, unless terminated earlier in accordance with Section 4.2."),
                new P("4.2 Termination. Either Party may terminate this Agreement at any time by giving the other "
                        + "Party thirty (30) days' prior written notice. Termination does not relieve either Party "
                        + "of its obligations with respect to Confidential Information disclosed before the "
                        + "effective date of termination."),
                new P("4.3 Survival. The obligations of confidentiality and non-use under Article II survive any "
                        + "expiration or termination of this Agreement for a period of three (3) years; obligations "
                        + "concerning source code and trade secrets survive for as long as the information remains "
                        + "a trade secret under applicable law."),
                new P("4.4 Return or Destruction. Within thirty (30) days after the Disclosing Party's written "
                        + "request, or after expiration or termination of this Agreement, the Receiving Party shall "
                        + "return or destroy all Confidential Information in its possession and certify the "
                        + "destruction in writing, except for copies retained in routine backups or as required by "
                        + "law, which remain subject to this Agreement."),
                new H(1, "ARTICLE V GENERAL PROVISIONS"),
                new P("5.1 No Warranty. All Confidential Information is provided \"AS IS\". Neither Party makes any "
                        + "warranty, express or implied, as to its accuracy or completeness."),
                new P("5.2 Remedies. Each Party acknowledges that unauthorized disclosure of Confidential "
                        + "Information may cause irreparable harm for which damages would not be an adequate "
                        + "remedy, and that the Disclosing Party is entitled to seek injunctive relief in addition "
                        + "to any other remedy available at law or in equity."),
                new P("5.3 Governing Law and Jurisdiction. This Agreement is governed by and shall be construed in "
                        + "accordance with the laws of the State of Delaware, without regard to its conflict of "
                        + "laws principles. The state and federal courts located in Wilmington, Delaware have "
                        + "exclusive jurisdiction over any dispute arising out of or relating to this Agreement."),
                new P("5.4 Entire Agreement. This Agreement is the entire agreement of the Parties concerning its "
                        + "subject matter and supersedes all prior discussions. It may be amended only by a "
                        + "written instrument signed by both Parties."),
                new P("5.5 Notices. Notices under this Agreement must be in writing and delivered by courier or by "
                        + "e-mail with confirmation of receipt to the addresses set out above, or to such other "
                        + "address as a Party designates by notice."),
                new P("5.6 Counterparts. This Agreement may be executed in counterparts, including by electronic "
                        + "signature, each of which is an original and all of which together are one instrument."),
                new Break(),
                new P("IN WITNESS WHEREOF, the Parties have caused this Agreement to be executed by their duly "
                        + "authorized representatives as of the Effective Date."),
                new T("SIGNATURES", List.of(
                        List.of("ACME ROBOTICS, INC.", "BOREALIS ANALYTICS GMBH"),
                        List.of("By: ______________________", "By: ______________________"),
                        List.of("Name: Dana R. Whitfield", "Name: Jonas Albrecht"),
                        List.of("Title: Chief Executive Officer", "Title: Geschäftsführer (Managing Director)"),
                        List.of("Date: March 3, 2025", "Date: March 3, 2025"))));
    }

    private static List<Item> annualReport() {
        return List.of(
                new H(0, "NORTHWIND INSTRUMENTS CORP."),
                new P("Annual Report for the Fiscal Year Ended December 31, 2024"),
                new H(1, "Letter to Shareholders"),
                new P("Dear fellow shareholders,"),
                new P("2024 was a year of steady execution for Northwind Instruments. Revenue reached $4,812 million, "
                        + "up 6% from $4,540 million in 2023, as demand for our precision test equipment held firm and "
                        + "our field services business grew faster than the company as a whole. Operating income rose "
                        + "to $731 million, and diluted earnings per share increased to $4.62 from $4.11."),
                new P("We generated $1,204 million of cash from operations and invested $412 million in property, "
                        + "plant and equipment, most of it in the expansion of our calibration laboratory in Tacoma "
                        + "and a new sensor assembly line in Monterrey. We returned $436 million to shareholders "
                        + "through dividends and share repurchases."),
                new P("Our priorities for 2025 are unchanged: build instruments our customers can trust, keep our "
                        + "installed base running, and convert a growing share of that base into recurring service "
                        + "revenue. Thank you for your continued confidence."),
                new P("Margaret L. Osei\nChair and Chief Executive Officer\nFebruary 21, 2025"),
                new Break(),
                new H(1, "Item 1. Business"),
                new H(2, "Overview"),
                new P("Northwind Instruments Corp. (\"Northwind\", the \"Company\", \"we\") designs, manufactures and "
                        + "services electronic test and measurement instruments and industrial process sensors. The "
                        + "Company was incorporated in Delaware in 1987 and is headquartered in Bellmont, Washington. "
                        + "At December 31, 2024 we employed approximately 14,300 people in 21 countries."),
                new H(2, "Segments"),
                new P("We report three segments. Test & Measurement sells oscilloscopes, signal analyzers and "
                        + "automated test systems to electronics manufacturers. Process Sensors supplies pressure, "
                        + "flow and gas sensors to the chemical, food and water industries. Field Services provides "
                        + "calibration, repair and on-site maintenance for our own and third-party instruments."),
                new T("Revenue by Segment (in millions)", List.of(
                        List.of("Segment", "2024", "2023", "Change"),
                        List.of("Test & Measurement", "$2,406", "$2,288", "5%"),
                        List.of("Process Sensors", "1,587", "1,498", "6%"),
                        List.of("Field Services", "819", "754", "9%"),
                        List.of("Total revenue", "$4,812", "$4,540", "6%"))),
                new H(2, "Customers and Competition"),
                new P("No single customer accounted for more than 4% of revenue in 2024. Approximately 46% of revenue "
                        + "came from customers outside the United States. We compete on measurement accuracy, "
                        + "product reliability, breadth of service coverage and total cost of ownership."),
                new H(2, "Research and Development"),
                new P("Research and development expense was $402 million in 2024, or 8.4% of revenue, compared with "
                        + "$379 million in 2023. Our engineering teams in Bellmont, Eindhoven and Pune released "
                        + "eleven new instrument families during the year."),
                new Break(),
                new H(1, "Item 1A. Risk Factors"),
                new P("Our business is subject to risks that could materially affect our results. These include "
                        + "cyclical demand in the semiconductor and electronics industries, supply constraints for "
                        + "specialized components, fluctuations in foreign currency exchange rates, cybersecurity "
                        + "incidents affecting our connected instruments, and changes in trade policy. The risks "
                        + "described here are not the only ones we face."),
                new H(1, "Item 7. Management's Discussion and Analysis"),
                new H(2, "Results of Operations"),
                new P("Revenue for fiscal 2024 was $4,812 million, an increase of 6% compared with $4,540 million in "
                        + "fiscal 2023. Organic growth was 5%; the acquisition of a gas sensing business in July "
                        + "contributed about one percentage point. Gross margin improved to 47.3% from 46.1%, driven "
                        + "by a richer mix of service revenue and lower freight costs."),
                new P("Operating income was $731 million, or 15.2% of revenue, compared with $655 million, or 14.4% "
                        + "of revenue, in 2023. Net income was $538 million, compared with $479 million in the prior "
                        + "year, and diluted earnings per share were $4.62, compared with $4.11."),
                new H(2, "Liquidity and Capital Resources"),
                new P("Net cash provided by operating activities was $1,204 million in 2024, compared with $1,097 "
                        + "million in 2023. Purchases of property, plant and equipment were $412 million, resulting "
                        + "in free cash flow of $792 million. Cash and cash equivalents were $1,146 million at "
                        + "December 31, 2024. We have an undrawn $750 million revolving credit facility that "
                        + "matures in 2028, and we believe our liquidity is sufficient for at least the next twelve "
                        + "months."),
                new Break(),
                new H(1, "Item 8. Financial Statements and Supplementary Data"),
                new T("Consolidated Statements of Cash Flows", List.of(
                        List.of("(in millions)", "2024", "2023"),
                        List.of("Net income", "538", "479"),
                        List.of("Depreciation and amortization", "296", "281"),
                        List.of("Stock-based compensation", "84", "77"),
                        List.of("Changes in operating assets and liabilities", "286", "260"),
                        List.of("Net cash provided by operating activities", "1,204", "1,097"),
                        List.of("Purchases of property, plant and equipment", "(412)", "(388)"),
                        List.of("Acquisitions, net of cash acquired", "(165)", "—"),
                        List.of("Net cash used in investing activities", "(577)", "(388)"),
                        List.of("Dividends paid", "(186)", "(172)"),
                        List.of("Repurchases of common stock", "(250)", "(200)"),
                        List.of("Net cash used in financing activities", "(436)", "(372)"),
                        List.of("Net increase in cash and cash equivalents", "191", "337"),
                        List.of("Cash and cash equivalents at beginning of year", "955", "618"),
                        List.of("Cash and cash equivalents at end of year", "1,146", "955"))),
                new P("Free cash flow, a non-GAAP measure, is net cash provided by operating activities less "
                        + "purchases of property, plant and equipment: $792 million in 2024 ($1,204 million less "
                        + "$412 million) and $709 million in 2023."),
                new P("The accompanying notes are an integral part of these consolidated financial statements. "
                        + "The complete financial statements, including the report of the independent registered "
                        + "public accounting firm, are available on the Company's investor relations website."));
    }

    private static String scannedLetter() {
        return String.join("\n",
                "Harbor Lane Property Management",
                "44 Quayside Road, Port Ellery, ME 04109",
                "",
                "June 12, 2024",
                "",
                "Ms. Teresa Kowalczyk",
                "Unit 3B, 17 Linden Court",
                "Port Ellery, ME 04110",
                "",
                "Re: Lease renewal for Unit 3B",
                "",
                "Dear Ms. Kowalczyk,",
                "",
                "Your lease for Unit 3B ends on August 31, 2024. We are pleased to offer a renewal for "
                        + "twelve (12) months at a monthly rent of $1,485, starting September 1, 2024.",
                "",
                "Please sign and return the enclosed renewal form by July 15, 2024. If you do not plan to "
                        + "renew, kindly give us written notice by the same date.",
                "",
                "Sincerely,",
                "",
                "Robert Anand",
                "Leasing Manager");
    }

    // ------------------------------------------------------------------------------------- icons

    /** A white lectern with an open book on a calm-blue rounded square; drawn in a 256 grid. */
    private static BufferedImage icon(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.scale(size / 256.0, size / 256.0);

            g.setPaint(new GradientPaint(0, 8, new Color(0x4F86C6), 0, 248, new Color(0x2E5F99)));
            g.fill(new RoundRectangle2D.Double(8, 8, 240, 240, 56, 56));

            Color white = new Color(0xFFFFFF);
            Color paper = new Color(0xF4F7FB);
            Color ink = new Color(0x2E5F99);

            // open book resting on the desk: two pages meeting at the spine
            g.setColor(paper);
            g.fill(polygon(62, 78, 126, 94, 126, 124, 62, 110));
            g.fill(polygon(130, 94, 194, 78, 194, 110, 130, 124));
            g.setColor(ink);
            g.setStroke(new BasicStroke(4, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            for (int i = 0; i < 3; i++) {
                int dy = 12 + i * 8;
                g.draw(new java.awt.geom.Line2D.Double(74, 80 + dy, 114, 90 + dy));
                g.draw(new java.awt.geom.Line2D.Double(142, 90 + dy, 182, 80 + dy));
            }

            // slanted desk top, stem and base
            g.setColor(white);
            g.fill(polygon(48, 120, 208, 120, 196, 144, 60, 144));
            g.fill(new RoundRectangle2D.Double(114, 144, 28, 62, 6, 6));
            g.fill(new RoundRectangle2D.Double(72, 200, 112, 18, 9, 9));
        } finally {
            g.dispose();
        }
        return image;
    }

    private static Path2D polygon(double... xy) {
        Path2D path = new Path2D.Double();
        path.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            path.lineTo(xy[i], xy[i + 1]);
        }
        path.closePath();
        return path;
    }
}
