package org.autotier.model.eaf;

/** PROPERTY in the header; the NAME is optional in the schema. */
public record Property(String name, String value) {
    public Property {
        value = value == null ? "" : value;
    }
}
