/**
 * The EAF (ELAN Annotation Format) document model: immutable records for every element and
 * attribute of EAFv3.0.xsd (and the 2.7 controlled-vocabulary shape), plus {@link
 * org.autotier.model.eaf.EafEditor}, which changes a document only in ways ELAN accepts.
 *
 * <p>Values are kept exactly as read (dates, IDs, whitespace in annotation values), so a
 * document read and written again is equal to the original.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.autotier.model.eaf;
