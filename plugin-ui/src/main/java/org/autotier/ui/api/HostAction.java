package org.autotier.ui.api;

import org.autotier.core.api.AnnotationHost;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Something autotier adds to a host's menus ("Auto-suggest tiers...", "Review suggestions...").
 * autotier registers these as OSGi services; a host tracks them (the whiteboard pattern) and shows
 * one menu item per service, ordered by {@link #ORDER}, with no compile-time knowledge of autotier.
 */
@ConsumerType
public interface HostAction {
    /** Service property: the menu position (lower first). */
    String ORDER = "autotier.action.order";

    /** The menu label, for example "Auto-suggest tiers...". */
    String label();

    /** Runs the action for the host's open document; long work runs in the background. */
    void perform(AnnotationHost host);
}
