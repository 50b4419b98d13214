/**
 * What autotier suggests for one segment: the label, its calibrated confidence, the full
 * distribution, the review flags and the human review state. Hosts and the review panel work
 * with these types; the EAF tiers are one rendering of them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.autotier.model.suggest;
