/**
 * Reading, writing, converting and schema-checking EAF files.
 *
 * <p>{@link org.autotier.model.eaf.io.EafReader} is a hardened StAX reader (no DTDs, no external
 * entities); {@link org.autotier.model.eaf.io.EafWriter} writes EAF 2.7, 2.8 or 3.0, atomically
 * when given a path; {@link org.autotier.model.eaf.io.EafSchemas} checks a file against the
 * official MPI XSD of its version.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.autotier.model.eaf.io;
