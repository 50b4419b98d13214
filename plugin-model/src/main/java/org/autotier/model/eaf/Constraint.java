package org.autotier.model.eaf;

import java.util.Objects;

/** CONSTRAINT: declares a stereotype that linguistic types may use. */
public record Constraint(String stereotype, String description) {
    public Constraint {
        Objects.requireNonNull(stereotype, "STEREOTYPE");
    }
}
