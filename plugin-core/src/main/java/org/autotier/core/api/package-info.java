/**
 * Services autotier offers to OSGi hosts. Results are plugin-model types, so a host needs no
 * compile-time knowledge of autotier's implementation.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package org.autotier.core.api;
