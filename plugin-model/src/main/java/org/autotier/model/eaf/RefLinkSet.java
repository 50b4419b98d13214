package org.autotier.model.eaf;

import java.util.List;
import java.util.Objects;

/** REF_LINK_SET (EAF 3.0): cross and group links between annotations or other links. */
public record RefLinkSet(String id, String name, String extRef, String langRef, String cvRef, List<RefLink> links) {
    public RefLinkSet {
        Objects.requireNonNull(id, "LINK_SET_ID");
        links = List.copyOf(links);
    }
}
