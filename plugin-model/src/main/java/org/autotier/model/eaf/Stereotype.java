package org.autotier.model.eaf;

import java.util.Optional;

/** The four ELAN constraint stereotypes that relate a dependent tier to its parent. */
public enum Stereotype {
    /** Alignable children tile the parent's interval with no gaps. */
    TIME_SUBDIVISION("Time_Subdivision", true),
    /** Alignable children lie inside the parent's interval; gaps are allowed. */
    INCLUDED_IN("Included_In", true),
    /** Reference children split the parent into an ordered chain. */
    SYMBOLIC_SUBDIVISION("Symbolic_Subdivision", false),
    /** At most one reference child per parent annotation, with the parent's span. */
    SYMBOLIC_ASSOCIATION("Symbolic_Association", false);

    private final String xml;
    private final boolean alignable;

    Stereotype(String xml, boolean alignable) {
        this.xml = xml;
        this.alignable = alignable;
    }

    public String xml() {
        return xml;
    }

    /** Whether tiers of this stereotype hold ALIGNABLE_ANNOTATIONs (otherwise REF_ANNOTATIONs). */
    public boolean alignable() {
        return alignable;
    }

    public static Optional<Stereotype> fromXml(String name) {
        for (Stereotype s : values()) {
            if (s.xml.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
