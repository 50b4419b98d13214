package org.autotier.model.eaf.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * Writes an {@link EafDocument} as EAF 2.7, 2.8 or 3.0, laid out the way ELAN writes it
 * (4-space indent, attributes in alphabetical order) so diffs against ELAN's own saves stay small.
 *
 * <p>Every character that XML would normalise on reading (tabs and line breaks in attributes,
 * carriage returns in text) is written as a character reference, so values survive exactly.
 */
public final class EafWriter {

    private EafWriter() {
    }

    /**
     * Writes {@code doc} to {@code file} atomically, as the version it was read as (3.0 for pre-2.7
     * files, and for files whose content needs 3.0: {@link EafVersion#forWriting(EafDocument)}).
     */
    public static void write(EafDocument doc, Path file) throws EafException {
        write(doc, file, EafVersion.forWriting(doc), true);
    }

    /**
     * Writes {@code doc} to {@code file} as {@code version}, atomically.
     *
     * @param keepBackup keep the previous file as {@code NAME.bak}
     * @throws EafVersionException if {@code version} cannot hold the document; nothing is written
     */
    public static void write(EafDocument doc, Path file, EafVersion version, boolean keepBackup) throws EafException {
        EafDocument shaped = EafConversion.toVersion(doc, version, file.toString());
        try {
            AtomicFiles.write(file, keepBackup, out -> writeShaped(shaped, out, version, file.toString()));
        } catch (EafException e) {
            throw e;
        } catch (IOException e) {
            throw new EafException(file.toString(), "cannot write: " + AtomicFiles.describeWriteFailure(e), e);
        }
    }

    /** Writes to a stream (not closed). */
    public static void write(EafDocument doc, OutputStream out, EafVersion version, String source) throws EafException {
        EafDocument shaped = EafConversion.toVersion(doc, version, source);
        try {
            writeShaped(shaped, out, version, source);
        } catch (EafException e) {
            throw e;
        } catch (IOException e) {
            throw new EafException(source, "cannot write: " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static void writeShaped(EafDocument doc, OutputStream out, EafVersion version, String source)
            throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        new Emit(w, source).document(doc, version);
        w.flush();
    }

    /** Emits one document; {@code open} tracks whether a start tag still awaits its '>'. */
    private static final class Emit {
        private final Writer w;
        private final String source;

        Emit(Writer w, String source) {
            this.w = w;
            this.source = source;
        }

        private void indent(int depth) throws IOException {
            for (int i = 0; i < depth; i++) {
                w.write("    ");
            }
        }

        private void open(int depth, String name) throws IOException {
            indent(depth);
            w.write('<');
            w.write(name);
        }

        private void attr(String name, String value) throws IOException {
            if (value == null) {
                return;
            }
            w.write(' ');
            w.write(name);
            w.write("=\"");
            escape(value, true);
            w.write('"');
        }

        private void attr(String name, Object value) throws IOException {
            if (value != null) {
                attr(name, value.toString());
            }
        }

        private void endEmpty() throws IOException {
            w.write("/>\n");
        }

        private void textElementBody(String text, String name) throws IOException {
            if (text.isEmpty()) {
                w.write("/>\n");
                return;
            }
            w.write('>');
            escape(text, false);
            w.write("</");
            w.write(name);
            w.write(">\n");
        }

        private void close(int depth, String name) throws IOException {
            indent(depth);
            w.write("</");
            w.write(name);
            w.write(">\n");
        }

        private void escape(String s, boolean attribute) throws IOException {
            int start = 0;
            int n = s.length();
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                String rep = null;
                if (c == '&') {
                    rep = "&amp;";
                } else if (c == '<') {
                    rep = "&lt;";
                } else if (c == '>') {
                    rep = "&gt;";
                } else if (c == '"' && attribute) {
                    rep = "&quot;";
                } else if (c < 0x20) {
                    if (c == '\r') {
                        rep = "&#13;";
                    } else if (attribute && (c == '\n' || c == '\t')) {
                        rep = c == '\n' ? "&#10;" : "&#9;";
                    } else if (c != '\n' && c != '\t') {
                        throw new EafException(source, "control character U+" + String.format("%04X", (int) c)
                                + " cannot be written in XML 1.0 (in \"" + abbreviate(s) + "\")", null);
                    }
                } else if (c == 0xFFFE || c == 0xFFFF) {
                    throw new EafException(source, "character U+" + Integer.toHexString(c).toUpperCase()
                            + " cannot be written in XML", null);
                }
                if (rep != null) {
                    w.write(s, start, i - start);
                    w.write(rep);
                    start = i + 1;
                }
            }
            w.write(s, start, n - start);
        }

        private static String abbreviate(String s) {
            return s.length() > 40 ? s.substring(0, 40) + "..." : s;
        }

        void document(EafDocument doc, EafVersion version) throws IOException {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            open(0, "ANNOTATION_DOCUMENT");
            attr("AUTHOR", doc.author());
            attr("DATE", doc.date());
            attr("FORMAT", doc.format());
            attr("VERSION", doc.version());
            w.write(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"");
            w.write(version.schemaLocation());
            w.write("\">\n");
            for (License l : doc.licenses()) {
                open(1, "LICENSE");
                attr("LICENSE_URL", l.url());
                textElementBody(l.text(), "LICENSE");
            }
            header(doc.header());
            open(1, "TIME_ORDER");
            if (doc.timeSlots().isEmpty()) {
                endEmpty();
            } else {
                w.write(">\n");
                for (TimeSlot s : doc.timeSlots()) {
                    open(2, "TIME_SLOT");
                    attr("TIME_SLOT_ID", s.id());
                    attr("TIME_VALUE", s.value());
                    endEmpty();
                }
                close(1, "TIME_ORDER");
            }
            for (Tier t : doc.tiers()) {
                tier(t);
            }
            for (LinguisticType lt : doc.linguisticTypes()) {
                open(1, "LINGUISTIC_TYPE");
                attr("CONSTRAINTS", lt.constraints());
                attr("CONTROLLED_VOCABULARY_REF", lt.controlledVocabularyRef());
                attr("EXT_REF", lt.extRef());
                attr("GRAPHIC_REFERENCES", lt.graphicReferences());
                attr("LEXICON_REF", lt.lexiconRef());
                attr("LINGUISTIC_TYPE_ID", lt.id());
                attr("TIME_ALIGNABLE", lt.timeAlignable());
                endEmpty();
            }
            for (EafLocale l : doc.locales()) {
                open(1, "LOCALE");
                attr("COUNTRY_CODE", l.countryCode());
                attr("LANGUAGE_CODE", l.languageCode());
                attr("VARIANT", l.variant());
                endEmpty();
            }
            for (Language l : doc.languages()) {
                open(1, "LANGUAGE");
                attr("LANG_DEF", l.definition());
                attr("LANG_ID", l.id());
                attr("LANG_LABEL", l.label());
                endEmpty();
            }
            for (Constraint c : doc.constraints()) {
                open(1, "CONSTRAINT");
                attr("DESCRIPTION", c.description());
                attr("STEREOTYPE", c.stereotype());
                endEmpty();
            }
            for (ControlledVocabulary cv : doc.controlledVocabularies()) {
                vocabulary(cv, version);
            }
            for (LexiconRef l : doc.lexiconRefs()) {
                open(1, "LEXICON_REF");
                attr("DATCAT_ID", l.datcatId());
                attr("DATCAT_NAME", l.datcatName());
                attr("LEXICON_ID", l.lexiconId());
                attr("LEXICON_NAME", l.lexiconName());
                attr("LEX_REF_ID", l.id());
                attr("NAME", l.name());
                attr("TYPE", l.type());
                attr("URL", l.url());
                endEmpty();
            }
            for (RefLinkSet set : doc.refLinkSets()) {
                refLinkSet(set);
            }
            for (ExternalRef e : doc.externalRefs()) {
                open(1, "EXTERNAL_REF");
                attr("EXT_REF_ID", e.id());
                attr("TYPE", e.type());
                attr("VALUE", e.value());
                endEmpty();
            }
            w.write("</ANNOTATION_DOCUMENT>\n");
        }

        private void header(Header h) throws IOException {
            open(1, "HEADER");
            attr("MEDIA_FILE", h.mediaFile());
            attr("TIME_UNITS", h.timeUnits());
            if (h.mediaDescriptors().isEmpty() && h.linkedFiles().isEmpty() && h.properties().isEmpty()) {
                endEmpty();
                return;
            }
            w.write(">\n");
            for (MediaDescriptor m : h.mediaDescriptors()) {
                open(2, "MEDIA_DESCRIPTOR");
                attr("EXTRACTED_FROM", m.extractedFrom());
                attr("MEDIA_URL", m.mediaUrl());
                attr("MIME_TYPE", m.mimeType());
                attr("RELATIVE_MEDIA_URL", m.relativeMediaUrl());
                attr("TIME_ORIGIN", m.timeOrigin());
                endEmpty();
            }
            for (LinkedFileDescriptor l : h.linkedFiles()) {
                open(2, "LINKED_FILE_DESCRIPTOR");
                attr("ASSOCIATED_WITH", l.associatedWith());
                attr("LINK_URL", l.linkUrl());
                attr("MIME_TYPE", l.mimeType());
                attr("RELATIVE_LINK_URL", l.relativeLinkUrl());
                attr("TIME_ORIGIN", l.timeOrigin());
                endEmpty();
            }
            for (Property p : h.properties()) {
                open(2, "PROPERTY");
                attr("NAME", p.name());
                textElementBody(p.value(), "PROPERTY");
            }
            close(1, "HEADER");
        }

        private void tier(Tier t) throws IOException {
            open(1, "TIER");
            attr("ANNOTATOR", t.annotator());
            attr("DEFAULT_LOCALE", t.defaultLocale());
            attr("EXT_REF", t.extRef());
            attr("LANG_REF", t.langRef());
            attr("LINGUISTIC_TYPE_REF", t.linguisticTypeRef());
            attr("PARENT_REF", t.parentRef());
            attr("PARTICIPANT", t.participant());
            attr("TIER_ID", t.id());
            if (t.annotations().isEmpty()) {
                endEmpty();
                return;
            }
            w.write(">\n");
            for (Annotation a : t.annotations()) {
                indent(2);
                w.write("<ANNOTATION>\n");
                if (a instanceof AlignableAnnotation al) {
                    open(3, "ALIGNABLE_ANNOTATION");
                    attr("ANNOTATION_ID", al.id());
                    attr("CVE_REF", al.cveRef());
                    attr("EXT_REF", al.extRef());
                    attr("LANG_REF", al.langRef());
                    attr("SVG_REF", al.svgRef());
                    attr("TIME_SLOT_REF1", al.timeSlotRef1());
                    attr("TIME_SLOT_REF2", al.timeSlotRef2());
                } else {
                    RefAnnotation r = (RefAnnotation) a;
                    open(3, "REF_ANNOTATION");
                    attr("ANNOTATION_ID", r.id());
                    attr("ANNOTATION_REF", r.annotationRef());
                    attr("CVE_REF", r.cveRef());
                    attr("EXT_REF", r.extRef());
                    attr("LANG_REF", r.langRef());
                    attr("PREVIOUS_ANNOTATION", r.previousAnnotation());
                }
                w.write(">\n");
                indent(4);
                w.write("<ANNOTATION_VALUE>");
                escape(a.value(), false);
                w.write("</ANNOTATION_VALUE>\n");
                close(3, a instanceof AlignableAnnotation ? "ALIGNABLE_ANNOTATION" : "REF_ANNOTATION");
                close(2, "ANNOTATION");
            }
            close(1, "TIER");
        }

        private void vocabulary(ControlledVocabulary cv, EafVersion version) throws IOException {
            open(1, "CONTROLLED_VOCABULARY");
            attr("CV_ID", cv.id());
            if (!version.multilingualVocabularies()) {
                attr("DESCRIPTION", cv.description());
            }
            attr("EXT_REF", cv.extRef());
            if (cv.descriptions().isEmpty() && cv.entries().isEmpty()) {
                endEmpty();
                return;
            }
            w.write(">\n");
            for (CvDescription d : cv.descriptions()) {
                open(2, "DESCRIPTION");
                attr("LANG_REF", d.langRef());
                textElementBody(d.text(), "DESCRIPTION");
            }
            for (CvEntry e : cv.entries()) {
                if (version.multilingualVocabularies()) {
                    open(2, "CV_ENTRY_ML");
                    attr("CVE_ID", e.id());
                    attr("EXT_REF", e.extRef());
                    w.write(">\n");
                    for (CvValue v : e.values()) {
                        open(3, "CVE_VALUE");
                        attr("DESCRIPTION", v.description());
                        attr("LANG_REF", v.langRef());
                        w.write('>');
                        escape(v.value(), false);
                        w.write("</CVE_VALUE>\n");
                    }
                    close(2, "CV_ENTRY_ML");
                } else {
                    CvValue v = e.values().get(0);
                    open(2, "CV_ENTRY");
                    attr("DESCRIPTION", v.description());
                    attr("EXT_REF", e.extRef());
                    w.write('>');
                    escape(v.value(), false);
                    w.write("</CV_ENTRY>\n");
                }
            }
            close(1, "CONTROLLED_VOCABULARY");
        }

        private void refLinkSet(RefLinkSet set) throws IOException {
            open(1, "REF_LINK_SET");
            attr("CV_REF", set.cvRef());
            attr("EXT_REF", set.extRef());
            attr("LANG_REF", set.langRef());
            attr("LINK_SET_ID", set.id());
            attr("LINK_SET_NAME", set.name());
            if (set.links().isEmpty()) {
                endEmpty();
                return;
            }
            w.write(">\n");
            for (RefLink l : set.links()) {
                String name = l instanceof RefLink.Cross ? "CROSS_REF_LINK" : "GROUP_REF_LINK";
                open(2, name);
                attr("CVE_REF", l.cveRef());
                if (l instanceof RefLink.Cross c) {
                    attr("DIRECTIONALITY", c.directionality());
                }
                attr("EXT_REF", l.extRef());
                attr("LANG_REF", l.langRef());
                if (l instanceof RefLink.Cross c) {
                    attr("REF1", c.ref1());
                    attr("REF2", c.ref2());
                } else {
                    attr("REFS", ((RefLink.Group) l).refs());
                }
                attr("REF_LINK_ID", l.id());
                attr("REF_LINK_NAME", l.name());
                attr("REF_TYPE", l.refType());
                textElementBody(l.value(), name);
            }
            close(1, "REF_LINK_SET");
        }
    }
}
