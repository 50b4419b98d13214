/** What plugin-ui contributes to a host: menu actions as whiteboard services. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.autotier.ui.api;
