package org.autotier.model.eaf.io;

import java.util.ArrayList;
import java.util.List;
import org.autotier.model.eaf.Annotation;
import org.autotier.model.eaf.ControlledVocabulary;
import org.autotier.model.eaf.CvDescription;
import org.autotier.model.eaf.CvEntry;
import org.autotier.model.eaf.CvValue;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.Language;
import org.autotier.model.eaf.Tier;

/**
 * Moves a document between EAF versions without losing anything, or refuses.
 *
 * <p>Upgrading 2.7 vocabularies to the multilingual 2.8 shape does what ELAN does: values and
 * descriptions get the "und" (undetermined) language, and entries get ids {@code cveid0, cveid1,
 * ...}. Downgrading is allowed only when the older version can hold every value.
 */
public final class EafConversion {

    /** ELAN's language for values that came from monolingual (2.7) vocabularies. */
    public static final Language UNDETERMINED =
            new Language("und", "http://cdb.iso.org/lg/CDB-00130975-001", "undetermined (und)");

    private EafConversion() {
    }

    /**
     * The document as {@code target} can hold it, with VERSION and FORMAT set to the target.
     *
     * @throws EafVersionException if the target version would lose data
     */
    public static EafDocument toVersion(EafDocument doc, EafVersion target, String source) throws EafVersionException {
        List<String> losses = losses(doc, target);
        if (!losses.isEmpty()) {
            throw new EafVersionException(source, target, losses);
        }
        EafDocument shaped = target.multilingualVocabularies() ? toMultilingual(doc) : toMonolingual(doc);
        return target.text().equals(shaped.version()) ? shaped : shaped.withVersion(target.text());
    }

    /** What writing {@code doc} as {@code target} would drop, one line per kind; empty if nothing. */
    public static List<String> losses(EafDocument doc, EafVersion target) {
        List<String> losses = new ArrayList<>();
        if (target != EafVersion.V3_0 && !doc.refLinkSets().isEmpty()) {
            losses.add(doc.refLinkSets().size() + " REF_LINK_SET element(s) (EAF 3.0 only)");
        }
        if (target == EafVersion.V2_7) {
            count(losses, doc.licenses().size(), "LICENSE element(s) (EAF 2.8+)");
            int langRefs = 0;
            int cveRefs = 0;
            int tierExt = 0;
            for (Tier t : doc.tiers()) {
                langRefs += t.langRef() != null ? 1 : 0;
                tierExt += t.extRef() != null ? 1 : 0;
                for (Annotation a : t.annotations()) {
                    langRefs += a.langRef() != null ? 1 : 0;
                    cveRefs += a.cveRef() != null ? 1 : 0;
                }
            }
            count(losses, langRefs, "LANG_REF attribute(s) on tiers and annotations (EAF 2.8+)");
            count(losses, cveRefs, "CVE_REF attribute(s) (EAF 2.8+)");
            count(losses, tierExt, "EXT_REF attribute(s) on tiers (EAF 2.8+)");
            int multilingual = 0;
            for (ControlledVocabulary cv : doc.controlledVocabularies()) {
                if (cv.descriptions().size() > 1) {
                    multilingual++;
                }
                for (CvEntry e : cv.entries()) {
                    multilingual += e.values().size() > 1 ? 1 : 0;
                }
            }
            count(losses, multilingual, "multilingual CV entries or descriptions (EAF 2.8+)");
            long otherLanguages = doc.languages().stream().filter(l -> !l.equals(UNDETERMINED)).count();
            count(losses, (int) otherLanguages, "LANGUAGE element(s) (EAF 2.8+)");
        }
        return losses;
    }

    private static void count(List<String> losses, int n, String what) {
        if (n > 0) {
            losses.add(n + " " + what);
        }
    }

    private static boolean isMonolingual(ControlledVocabulary cv) {
        return cv.description() != null
                || cv.entries().stream().anyMatch(e -> e.id() == null || e.values().stream().anyMatch(v -> v.langRef() == null));
    }

    private static EafDocument toMultilingual(EafDocument doc) {
        if (doc.controlledVocabularies().stream().noneMatch(EafConversion::isMonolingual)) {
            return doc;
        }
        String und = UNDETERMINED.id();
        List<ControlledVocabulary> cvs = new ArrayList<>();
        for (ControlledVocabulary cv : doc.controlledVocabularies()) {
            if (!isMonolingual(cv)) {
                cvs.add(cv);
                continue;
            }
            List<CvDescription> descriptions = new ArrayList<>(cv.descriptions());
            if (cv.description() != null) {
                descriptions.add(new CvDescription(und, cv.description()));
            }
            List<CvEntry> entries = new ArrayList<>();
            int n = 0;
            for (CvEntry e : cv.entries()) {
                List<CvValue> values = new ArrayList<>();
                for (CvValue v : e.values()) {
                    values.add(v.langRef() == null ? new CvValue(v.value(), und, v.description()) : v);
                }
                entries.add(new CvEntry(e.id() == null ? "cveid" + n : e.id(), e.extRef(), values));
                n++;
            }
            cvs.add(new ControlledVocabulary(cv.id(), null, cv.extRef(), descriptions, entries));
        }
        List<Language> languages = new ArrayList<>(doc.languages());
        if (languages.stream().noneMatch(l -> l.id().equals(und))) {
            languages.add(UNDETERMINED);
        }
        return new EafDocument(doc.version(), doc.format(), doc.author(), doc.date(), doc.licenses(), doc.header(),
                doc.timeSlots(), doc.tiers(), doc.linguisticTypes(), doc.locales(), languages, doc.constraints(),
                cvs, doc.lexiconRefs(), doc.refLinkSets(), doc.externalRefs());
    }

    /** Only called when {@link #losses} found nothing: every CV has one value per entry, at most one description. */
    private static EafDocument toMonolingual(EafDocument doc) {
        List<ControlledVocabulary> cvs = new ArrayList<>();
        for (ControlledVocabulary cv : doc.controlledVocabularies()) {
            String description = cv.description() != null ? cv.description()
                    : cv.descriptions().isEmpty() ? null : cv.descriptions().get(0).text();
            List<CvEntry> entries = new ArrayList<>();
            for (CvEntry e : cv.entries()) {
                CvValue v = e.values().get(0);
                entries.add(new CvEntry(null, e.extRef(), List.of(new CvValue(v.value(), null, v.description()))));
            }
            cvs.add(new ControlledVocabulary(cv.id(), description, cv.extRef(), List.of(), entries));
        }
        return new EafDocument(doc.version(), doc.format(), doc.author(), doc.date(), List.of(), doc.header(),
                doc.timeSlots(), doc.tiers(), doc.linguisticTypes(), doc.locales(), List.of(), doc.constraints(),
                cvs, doc.lexiconRefs(), List.of(), doc.externalRefs());
    }
}
