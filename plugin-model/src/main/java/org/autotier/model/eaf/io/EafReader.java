package org.autotier.model.eaf.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.autotier.model.eaf.AlignableAnnotation;
import org.autotier.model.eaf.Annotation;
import org.autotier.model.eaf.Constraint;
import org.autotier.model.eaf.ControlledVocabulary;
import org.autotier.model.eaf.CvDescription;
import org.autotier.model.eaf.CvEntry;
import org.autotier.model.eaf.CvValue;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafLocale;
import org.autotier.model.eaf.ExternalRef;
import org.autotier.model.eaf.Header;
import org.autotier.model.eaf.Language;
import org.autotier.model.eaf.LexiconRef;
import org.autotier.model.eaf.License;
import org.autotier.model.eaf.LinguisticType;
import org.autotier.model.eaf.LinkedFileDescriptor;
import org.autotier.model.eaf.MediaDescriptor;
import org.autotier.model.eaf.Property;
import org.autotier.model.eaf.RefAnnotation;
import org.autotier.model.eaf.RefLink;
import org.autotier.model.eaf.RefLinkSet;
import org.autotier.model.eaf.Tier;
import org.autotier.model.eaf.TimeSlot;

/**
 * Reads EAF files of any version from 2.0 to 3.0 into an {@link EafDocument}.
 *
 * <p>Why StAX and not Jackson: EAF order and choice (ALIGNABLE vs REF annotation, CV_ENTRY vs
 * CV_ENTRY_ML) are what losslessness hinges on, and a pull parser over the JDK's own StAX keeps
 * that explicit with no dependency (see docs/decisions/eaf-io.md).
 *
 * <p>Hardened: DOCTYPE declarations are refused outright, so neither external entities (XXE)
 * nor entity expansion (billion laughs) can happen. Unknown elements or attributes are refused
 * rather than silently dropped, since dropping them would lose the user's data on write.
 */
public final class EafReader {

    private static final XMLInputFactory FACTORY = newFactory();

    private EafReader() {
    }

    private static XMLInputFactory newFactory() {
        // The JDK's built-in implementation, whatever a ServiceLoader or OSGi TCCL would find.
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        trySet(f, XMLConstants.ACCESS_EXTERNAL_DTD, "");
        trySet(f, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        trySet(f, "jdk.xml.entityExpansionLimit", "0");
        return f;
    }

    private static void trySet(XMLInputFactory f, String name, String value) {
        try {
            f.setProperty(name, value);
        } catch (IllegalArgumentException ignored) {
            // property unknown to this StAX implementation; the DOCTYPE refusal still protects us
        }
    }

    /**
     * Heap needed to read an EAF of {@code bytes}, as a multiple of its size: the document retains
     * about 0.93× its file size, and parsing peaks at about twice that (measured on an 83 MB file,
     * docs/reliability.md); with margin.
     */
    static final double MEMORY_PER_FILE_BYTE = 2.5;

    /**
     * Reads a file. Errors name the file and, for XML errors, the line and column. A file too large
     * for this JVM's memory is refused before reading, with the sizes and how to raise the limit,
     * rather than ending in an OutOfMemoryError.
     */
    public static EafDocument read(Path file) throws EafException {
        Runtime rt = Runtime.getRuntime();
        return read(file, rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()));
    }

    /** {@link #read(Path)} with {@code availableHeap} bytes of memory to spare. */
    static EafDocument read(Path file, long availableHeap) throws EafException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = 0; // the open below names the problem (no such file, no permission)
        }
        if (size * MEMORY_PER_FILE_BYTE > availableHeap) {
            throw new EafException(file.toString(), tooLarge(size, availableHeap), null);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file.toString());
        } catch (OutOfMemoryError e) {
            // the partial document is unreachable once we are here, so the memory is back
            throw new EafException(file.toString(), "ran out of memory: " + tooLarge(size, availableHeap), null);
        } catch (NoSuchFileException e) {
            throw new EafException(file.toString(), "no such file", e);
        } catch (EafException e) {
            throw e;
        } catch (IOException e) {
            throw new EafException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    private static String tooLarge(long size, long available) {
        return String.format(java.util.Locale.ROOT, "the file is %,d MB; reading it needs about %,d MB of memory and"
                + " %,d MB is free in this Java (raise the limit with -Xmx, e.g. JAVA_TOOL_OPTIONS=-Xmx%dg)",
                size >> 20, (long) (size * MEMORY_PER_FILE_BYTE) >> 20, Math.max(0, available) >> 20,
                Math.max(2, (long) Math.ceil(size * MEMORY_PER_FILE_BYTE / (1L << 30)) + 1));
    }

    /** Reads a stream; {@code source} names it in errors. The stream is not closed. */
    public static EafDocument read(InputStream in, String source) throws EafException {
        XMLStreamReader xml = null;
        try {
            InputStream marked = in.markSupported() ? in : new BufferedInputStream(in, 1 << 16);
            java.io.Reader utf8 = Utf8Input.open(marked);
            xml = utf8 != null ? FACTORY.createXMLStreamReader(utf8) : FACTORY.createXMLStreamReader(marked);
            return new Parse(xml, source).document();
        } catch (EafException e) {
            throw e;
        } catch (IOException e) {
            throw new EafException(source, "cannot read: " + e.getMessage(), e);
        } catch (XMLStreamException e) {
            Utf8Input.BadBytes bad = badBytes(e);
            if (bad != null) {
                throw new EafParseException(source, bad.line, bad.column, bad.getMessage(), e);
            }
            Location loc = e.getLocation();
            String reason = cleanReason(e.getMessage());
            int line = loc == null ? -1 : loc.getLineNumber();
            int col = loc == null ? -1 : loc.getColumnNumber();
            if (reason.contains("DOCTYPE") || reason.contains("DTD") || reason.contains("referenced, but not declared")) {
                throw new EafSecurityException(source, line, col, "refused: " + reason);
            }
            throw new EafParseException(source, line, col, reason, e);
        } catch (StructureError e) {
            throw new EafParseException(source, e.line, e.column, e.getMessage(), null);
        } catch (SecurityError e) {
            throw new EafSecurityException(source, e.line, e.column, e.getMessage());
        } catch (RuntimeException e) {
            // invalid values our records refuse (IllegalArgumentException, NullPointerException), and
            // the JDK parser's own slips on damaged input (fuzzing found a MissingResourceException
            // for a bad character in a DTD): the user gets the file and a reason, never a stack trace
            Location loc = xml == null ? null : location(xml);
            String what = e instanceof IllegalArgumentException || e instanceof NullPointerException
                    ? String.valueOf(e.getMessage()) : "the XML parser failed (" + e + ")";
            throw new EafParseException(source, loc == null ? -1 : loc.getLineNumber(),
                    loc == null ? -1 : loc.getColumnNumber(), "invalid EAF content: " + what, e);
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // closing a reader over a stream we do not own
                }
            }
        }
    }

    /** The bytes that were not UTF-8 behind a parse error, if that was its cause. */
    private static Utf8Input.BadBytes badBytes(XMLStreamException e) {
        for (Throwable t = e; t != null; t = t instanceof XMLStreamException x && x.getNestedException() != null
                && x.getNestedException() != t ? x.getNestedException() : t.getCause()) {
            if (t instanceof Utf8Input.BadBytes b) {
                return b;
            }
        }
        return null;
    }

    private static Location location(XMLStreamReader xml) {
        try {
            return xml.getLocation();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** JDK StAX messages start with "ParseError at [row,col]:[r,c]\nMessage: "; keep the message. */
    private static String cleanReason(String message) {
        if (message == null) {
            return "malformed XML";
        }
        int i = message.indexOf("Message: ");
        return (i >= 0 ? message.substring(i + 9) : message).trim();
    }

    private static final class StructureError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        StructureError(Location loc, String message) {
            super(message, null, false, false);
            this.line = loc == null ? -1 : loc.getLineNumber();
            this.column = loc == null ? -1 : loc.getColumnNumber();
        }
    }

    private static final class SecurityError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        SecurityError(Location loc, String message) {
            super(message, null, false, false);
            this.line = loc == null ? -1 : loc.getLineNumber();
            this.column = loc == null ? -1 : loc.getColumnNumber();
        }
    }

    /** One pass over one document. Attribute values are interned per document to share repeats. */
    private static final class Parse {
        private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
        private final XMLStreamReader xml;
        private final Map<String, String> pool = new HashMap<>();

        Parse(XMLStreamReader xml, String source) {
            this.xml = xml;
        }

        private StructureError error(String message) {
            return new StructureError(xml.getLocation(), message);
        }

        /** Moves to the next start or end tag, refusing DTDs and stray text. */
        private int next() throws XMLStreamException {
            while (true) {
                int ev = xml.next();
                switch (ev) {
                    case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT,
                            XMLStreamConstants.END_DOCUMENT:
                        return ev;
                    case XMLStreamConstants.DTD:
                        throw new SecurityError(xml.getLocation(), "DOCTYPE declarations are not allowed in EAF "
                                + "(they enable XXE and entity-expansion attacks)");
                    case XMLStreamConstants.ENTITY_REFERENCE:
                        throw new SecurityError(xml.getLocation(), "entity reference &" + xml.getLocalName()
                                + "; is not allowed in EAF");
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE:
                        if (!xml.isWhiteSpace()) {
                            throw error("unexpected text \"" + abbreviate(xml.getText()) + "\" between elements");
                        }
                        break;
                    default:
                        break; // comments and processing instructions carry no EAF data
                }
            }
        }

        private static String abbreviate(String s) {
            String t = s.strip();
            return t.length() > 40 ? t.substring(0, 40) + "..." : t;
        }

        private void checkAttributes(Set<String> allowed) {
            for (int i = 0, n = xml.getAttributeCount(); i < n; i++) {
                String ns = xml.getAttributeNamespace(i);
                String name = xml.getAttributeLocalName(i);
                if ((ns == null || ns.isEmpty()) && allowed.contains(name)) {
                    continue;
                }
                if (XSI.equals(ns) && "ANNOTATION_DOCUMENT".equals(xml.getLocalName())) {
                    continue; // xsi:noNamespaceSchemaLocation is rewritten for the version on write
                }
                throw error("unknown attribute " + name + " on " + xml.getLocalName()
                        + " (refused rather than silently dropped)");
            }
        }

        private String attr(String name) {
            String v = xml.getAttributeValue(null, name);
            if (v == null) {
                return null;
            }
            return v.length() <= 32 ? pool.computeIfAbsent(v, k -> k) : v;
        }

        private String required(String name) {
            String v = attr(name);
            if (v == null) {
                throw error(xml.getLocalName() + " lacks the required attribute " + name);
            }
            return v;
        }

        private Boolean bool(String name) {
            String v = attr(name);
            if (v == null) {
                return null;
            }
            return switch (v.trim()) {
                case "true", "1" -> Boolean.TRUE;
                case "false", "0" -> Boolean.FALSE;
                default -> throw error(name + "=\"" + v + "\" is not a boolean");
            };
        }

        private Long number(String name) {
            String v = attr(name);
            if (v == null) {
                return null;
            }
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw error(name + "=\"" + v + "\" is not a whole number");
            }
        }

        private void expect(String name) {
            if (!xml.getLocalName().equals(name)) {
                throw error("expected " + name + " but found " + xml.getLocalName());
            }
        }

        private String text() throws XMLStreamException {
            try {
                return xml.getElementText();
            } catch (XMLStreamException e) {
                if (e.getMessage() != null && e.getMessage().contains("text-only")) {
                    throw error(xml.getLocalName() + " must contain text only");
                }
                throw e;
            }
        }

        private void endOf(String name) throws XMLStreamException {
            if (next() != XMLStreamConstants.END_ELEMENT) {
                throw error(name + " must be empty, but contains " + xml.getLocalName());
            }
        }

        EafDocument document() throws XMLStreamException {
            int ev = next();
            if (ev != XMLStreamConstants.START_ELEMENT) {
                throw error("the file is empty");
            }
            if (!"ANNOTATION_DOCUMENT".equals(xml.getLocalName())) {
                throw error("not an EAF file: the root element is " + xml.getLocalName()
                        + ", not ANNOTATION_DOCUMENT");
            }
            checkAttributes(Set.of("DATE", "AUTHOR", "VERSION", "FORMAT"));
            String version = required("VERSION");
            String format = attr("FORMAT");
            String author = attr("AUTHOR");
            String date = attr("DATE");
            List<License> licenses = new ArrayList<>();
            Header header = null;
            List<TimeSlot> slots = null;
            List<Tier> tiers = new ArrayList<>();
            List<LinguisticType> types = new ArrayList<>();
            List<EafLocale> locales = new ArrayList<>();
            List<Language> languages = new ArrayList<>();
            List<Constraint> constraints = new ArrayList<>();
            List<ControlledVocabulary> cvs = new ArrayList<>();
            List<LexiconRef> lexicons = new ArrayList<>();
            List<RefLinkSet> linkSets = new ArrayList<>();
            List<ExternalRef> extRefs = new ArrayList<>();
            while (next() == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "LICENSE" -> {
                        checkAttributes(Set.of("LICENSE_URL"));
                        String url = attr("LICENSE_URL");
                        licenses.add(new License(text(), url));
                    }
                    case "HEADER" -> header = header();
                    case "TIME_ORDER" -> slots = timeOrder();
                    case "TIER" -> tiers.add(tier());
                    case "LINGUISTIC_TYPE" -> types.add(linguisticType());
                    case "LOCALE" -> {
                        checkAttributes(Set.of("LANGUAGE_CODE", "COUNTRY_CODE", "VARIANT"));
                        locales.add(new EafLocale(required("LANGUAGE_CODE"), attr("COUNTRY_CODE"), attr("VARIANT")));
                        endOf("LOCALE");
                    }
                    case "LANGUAGE" -> {
                        checkAttributes(Set.of("LANG_ID", "LANG_DEF", "LANG_LABEL"));
                        languages.add(new Language(required("LANG_ID"), attr("LANG_DEF"), attr("LANG_LABEL")));
                        endOf("LANGUAGE");
                    }
                    case "CONSTRAINT" -> {
                        checkAttributes(Set.of("STEREOTYPE", "DESCRIPTION"));
                        constraints.add(new Constraint(required("STEREOTYPE"), attr("DESCRIPTION")));
                        endOf("CONSTRAINT");
                    }
                    case "CONTROLLED_VOCABULARY" -> cvs.add(vocabulary());
                    case "LEXICON_REF" -> {
                        checkAttributes(Set.of("LEX_REF_ID", "NAME", "TYPE", "URL", "LEXICON_ID", "LEXICON_NAME",
                                "DATCAT_ID", "DATCAT_NAME"));
                        lexicons.add(new LexiconRef(required("LEX_REF_ID"), attr("NAME"), attr("TYPE"), attr("URL"),
                                attr("LEXICON_ID"), attr("LEXICON_NAME"), attr("DATCAT_ID"), attr("DATCAT_NAME")));
                        endOf("LEXICON_REF");
                    }
                    case "REF_LINK_SET" -> linkSets.add(refLinkSet());
                    case "EXTERNAL_REF" -> {
                        checkAttributes(Set.of("EXT_REF_ID", "TYPE", "VALUE"));
                        extRefs.add(new ExternalRef(required("EXT_REF_ID"), required("TYPE"), required("VALUE")));
                        endOf("EXTERNAL_REF");
                    }
                    default -> throw error("unknown element " + xml.getLocalName() + " in ANNOTATION_DOCUMENT");
                }
            }
            if (header == null) {
                throw error("ANNOTATION_DOCUMENT has no HEADER");
            }
            if (slots == null) {
                throw error("ANNOTATION_DOCUMENT has no TIME_ORDER");
            }
            return new EafDocument(version, format, author == null ? "" : author, date == null ? "" : date,
                    licenses, header, slots, tiers, types, locales, languages, constraints, cvs, lexicons,
                    linkSets, extRefs);
        }

        private Header header() throws XMLStreamException {
            checkAttributes(Set.of("MEDIA_FILE", "TIME_UNITS"));
            String mediaFile = attr("MEDIA_FILE");
            String units = attr("TIME_UNITS");
            List<MediaDescriptor> media = new ArrayList<>();
            List<LinkedFileDescriptor> linked = new ArrayList<>();
            List<Property> props = new ArrayList<>();
            while (next() == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "MEDIA_DESCRIPTOR" -> {
                        checkAttributes(Set.of("MEDIA_URL", "RELATIVE_MEDIA_URL", "MIME_TYPE", "TIME_ORIGIN",
                                "EXTRACTED_FROM"));
                        media.add(new MediaDescriptor(required("MEDIA_URL"), attr("RELATIVE_MEDIA_URL"),
                                required("MIME_TYPE"), number("TIME_ORIGIN"), attr("EXTRACTED_FROM")));
                        endOf("MEDIA_DESCRIPTOR");
                    }
                    case "LINKED_FILE_DESCRIPTOR" -> {
                        checkAttributes(Set.of("LINK_URL", "RELATIVE_LINK_URL", "MIME_TYPE", "TIME_ORIGIN",
                                "ASSOCIATED_WITH"));
                        linked.add(new LinkedFileDescriptor(required("LINK_URL"), attr("RELATIVE_LINK_URL"),
                                required("MIME_TYPE"), number("TIME_ORIGIN"), attr("ASSOCIATED_WITH")));
                        endOf("LINKED_FILE_DESCRIPTOR");
                    }
                    case "PROPERTY" -> {
                        checkAttributes(Set.of("NAME"));
                        String name = attr("NAME");
                        props.add(new Property(name, text()));
                    }
                    default -> throw error("unknown element " + xml.getLocalName() + " in HEADER");
                }
            }
            return new Header(mediaFile, units, media, linked, props);
        }

        private List<TimeSlot> timeOrder() throws XMLStreamException {
            checkAttributes(Set.of());
            List<TimeSlot> slots = new ArrayList<>();
            Set<String> allowed = Set.of("TIME_SLOT_ID", "TIME_VALUE");
            while (next() == XMLStreamConstants.START_ELEMENT) {
                expect("TIME_SLOT");
                checkAttributes(allowed);
                slots.add(new TimeSlot(required("TIME_SLOT_ID"), number("TIME_VALUE")));
                endOf("TIME_SLOT");
            }
            return slots;
        }

        private static final Set<String> TIER_ATTRS = Set.of("TIER_ID", "PARTICIPANT", "ANNOTATOR",
                "LINGUISTIC_TYPE_REF", "DEFAULT_LOCALE", "PARENT_REF", "EXT_REF", "LANG_REF");
        private static final Set<String> ALIGNABLE_ATTRS = Set.of("ANNOTATION_ID", "EXT_REF", "LANG_REF", "CVE_REF",
                "TIME_SLOT_REF1", "TIME_SLOT_REF2", "SVG_REF");
        private static final Set<String> REF_ATTRS = Set.of("ANNOTATION_ID", "EXT_REF", "LANG_REF", "CVE_REF",
                "ANNOTATION_REF", "PREVIOUS_ANNOTATION");

        private Tier tier() throws XMLStreamException {
            checkAttributes(TIER_ATTRS);
            String id = required("TIER_ID");
            String participant = attr("PARTICIPANT");
            String annotator = attr("ANNOTATOR");
            String type = required("LINGUISTIC_TYPE_REF");
            String locale = attr("DEFAULT_LOCALE");
            String parent = attr("PARENT_REF");
            String extRef = attr("EXT_REF");
            String langRef = attr("LANG_REF");
            List<Annotation> annotations = new ArrayList<>();
            while (next() == XMLStreamConstants.START_ELEMENT) {
                expect("ANNOTATION");
                checkAttributes(Set.of());
                if (next() != XMLStreamConstants.START_ELEMENT) {
                    throw error("ANNOTATION is empty");
                }
                annotations.add(annotation());
                endOf("ANNOTATION");
            }
            return new Tier(id, participant, annotator, type, locale, parent, extRef, langRef, annotations);
        }

        private Annotation annotation() throws XMLStreamException {
            String kind = xml.getLocalName();
            boolean alignable = "ALIGNABLE_ANNOTATION".equals(kind);
            if (!alignable && !"REF_ANNOTATION".equals(kind)) {
                throw error("unknown element " + kind + " in ANNOTATION");
            }
            checkAttributes(alignable ? ALIGNABLE_ATTRS : REF_ATTRS);
            String id = required("ANNOTATION_ID");
            String extRef = attr("EXT_REF");
            String langRef = attr("LANG_REF");
            String cveRef = attr("CVE_REF");
            Annotation result;
            String ts1 = alignable ? required("TIME_SLOT_REF1") : null;
            String ts2 = alignable ? required("TIME_SLOT_REF2") : null;
            String svg = alignable ? attr("SVG_REF") : null;
            String ref = alignable ? null : required("ANNOTATION_REF");
            String prev = alignable ? null : attr("PREVIOUS_ANNOTATION");
            if (next() != XMLStreamConstants.START_ELEMENT || !"ANNOTATION_VALUE".equals(xml.getLocalName())) {
                throw error(kind + " " + id + " has no ANNOTATION_VALUE");
            }
            checkAttributes(Set.of());
            String value = text();
            if (alignable) {
                result = new AlignableAnnotation(id, ts1, ts2, value, svg, extRef, langRef, cveRef);
            } else {
                result = new RefAnnotation(id, ref, prev, value, extRef, langRef, cveRef);
            }
            endOf(kind);
            return result;
        }

        private LinguisticType linguisticType() throws XMLStreamException {
            checkAttributes(Set.of("LINGUISTIC_TYPE_ID", "TIME_ALIGNABLE", "CONSTRAINTS", "GRAPHIC_REFERENCES",
                    "CONTROLLED_VOCABULARY_REF", "EXT_REF", "LEXICON_REF"));
            LinguisticType lt = new LinguisticType(required("LINGUISTIC_TYPE_ID"), bool("TIME_ALIGNABLE"),
                    attr("CONSTRAINTS"), bool("GRAPHIC_REFERENCES"), attr("CONTROLLED_VOCABULARY_REF"),
                    attr("EXT_REF"), attr("LEXICON_REF"));
            endOf("LINGUISTIC_TYPE");
            return lt;
        }

        private ControlledVocabulary vocabulary() throws XMLStreamException {
            checkAttributes(Set.of("CV_ID", "DESCRIPTION", "EXT_REF"));
            String id = required("CV_ID");
            String description = attr("DESCRIPTION");
            String extRef = attr("EXT_REF");
            List<CvDescription> descriptions = new ArrayList<>();
            List<CvEntry> entries = new ArrayList<>();
            while (next() == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "DESCRIPTION" -> {
                        checkAttributes(Set.of("LANG_REF"));
                        String lang = attr("LANG_REF");
                        descriptions.add(new CvDescription(lang, text()));
                    }
                    case "CV_ENTRY" -> { // EAF 2.7 and older
                        checkAttributes(Set.of("DESCRIPTION", "EXT_REF"));
                        String desc = attr("DESCRIPTION");
                        String entryExt = attr("EXT_REF");
                        entries.add(new CvEntry(null, entryExt, List.of(new CvValue(text(), null, desc))));
                    }
                    case "CV_ENTRY_ML" -> entries.add(multilingualEntry());
                    default -> throw error("unknown element " + xml.getLocalName() + " in CONTROLLED_VOCABULARY");
                }
            }
            return new ControlledVocabulary(id, description, extRef, descriptions, entries);
        }

        private CvEntry multilingualEntry() throws XMLStreamException {
            checkAttributes(Set.of("CVE_ID", "EXT_REF"));
            String id = required("CVE_ID");
            String extRef = attr("EXT_REF");
            List<CvValue> values = new ArrayList<>();
            while (next() == XMLStreamConstants.START_ELEMENT) {
                expect("CVE_VALUE");
                checkAttributes(Set.of("LANG_REF", "DESCRIPTION"));
                String lang = attr("LANG_REF");
                String desc = attr("DESCRIPTION");
                values.add(new CvValue(text(), lang, desc));
            }
            if (values.isEmpty()) {
                throw error("CV_ENTRY_ML " + id + " has no CVE_VALUE");
            }
            return new CvEntry(id, extRef, values);
        }

        private RefLinkSet refLinkSet() throws XMLStreamException {
            checkAttributes(Set.of("LINK_SET_ID", "LINK_SET_NAME", "EXT_REF", "LANG_REF", "CV_REF"));
            String id = required("LINK_SET_ID");
            String name = attr("LINK_SET_NAME");
            String extRef = attr("EXT_REF");
            String langRef = attr("LANG_REF");
            String cvRef = attr("CV_REF");
            List<RefLink> links = new ArrayList<>();
            Set<String> common = Set.of("REF_LINK_ID", "REF_LINK_NAME", "EXT_REF", "LANG_REF", "CVE_REF", "REF_TYPE");
            while (next() == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "CROSS_REF_LINK" -> {
                        Set<String> allowed = new java.util.HashSet<>(common);
                        allowed.addAll(Set.of("REF1", "REF2", "DIRECTIONALITY"));
                        checkAttributes(allowed);
                        String lid = required("REF_LINK_ID");
                        String lname = attr("REF_LINK_NAME");
                        String lext = attr("EXT_REF");
                        String llang = attr("LANG_REF");
                        String lcve = attr("CVE_REF");
                        String ltype = attr("REF_TYPE");
                        String r1 = required("REF1");
                        String r2 = required("REF2");
                        String dir = attr("DIRECTIONALITY");
                        links.add(new RefLink.Cross(lid, lname, lext, llang, lcve, ltype, r1, r2, dir, text()));
                    }
                    case "GROUP_REF_LINK" -> {
                        Set<String> allowed = new java.util.HashSet<>(common);
                        allowed.add("REFS");
                        checkAttributes(allowed);
                        String lid = required("REF_LINK_ID");
                        String lname = attr("REF_LINK_NAME");
                        String lext = attr("EXT_REF");
                        String llang = attr("LANG_REF");
                        String lcve = attr("CVE_REF");
                        String ltype = attr("REF_TYPE");
                        String refs = required("REFS");
                        links.add(new RefLink.Group(lid, lname, lext, llang, lcve, ltype, refs, text()));
                    }
                    default -> throw error("unknown element " + xml.getLocalName() + " in REF_LINK_SET");
                }
            }
            return new RefLinkSet(id, name, extRef, langRef, cvRef, links);
        }
    }
}
