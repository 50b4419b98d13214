package org.autotier.model.eaf;

import java.util.Objects;

/** EXTERNAL_REF; type is one of iso12620, ecv, cve_id, lexen_id, resource_url. */
public record ExternalRef(String id, String type, String value) {
    public ExternalRef {
        Objects.requireNonNull(id, "EXT_REF_ID");
        Objects.requireNonNull(type, "TYPE");
        Objects.requireNonNull(value, "VALUE");
    }
}
