package org.autotier.model.eaf;

import java.util.List;

/** CROSS_REF_LINK or GROUP_REF_LINK. */
public sealed interface RefLink permits RefLink.Cross, RefLink.Group {
    String id();

    String name();

    String extRef();

    String langRef();

    String cveRef();

    String refType();

    String value();

    /** The IDs this link points at. */
    List<String> targets();

    /** CROSS_REF_LINK between REF1 and REF2; directionality is null when absent. */
    record Cross(String id, String name, String extRef, String langRef, String cveRef, String refType,
            String ref1, String ref2, String directionality, String value) implements RefLink {
        public Cross {
            value = value == null ? "" : value;
        }

        @Override
        public List<String> targets() {
            return List.of(ref1, ref2);
        }
    }

    /** GROUP_REF_LINK over REFS (space separated IDs). */
    record Group(String id, String name, String extRef, String langRef, String cveRef, String refType,
            String refs, String value) implements RefLink {
        public Group {
            value = value == null ? "" : value;
        }

        @Override
        public List<String> targets() {
            return List.of(refs.trim().split("\\s+"));
        }
    }
}
