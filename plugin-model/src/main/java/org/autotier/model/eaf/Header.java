package org.autotier.model.eaf;

import java.util.List;
import java.util.Optional;

/**
 * HEADER.
 *
 * @param mediaFile the deprecated MEDIA_FILE attribute, or null when absent
 * @param timeUnits the TIME_UNITS attribute, or null when absent (then milliseconds)
 */
public record Header(String mediaFile, String timeUnits, List<MediaDescriptor> mediaDescriptors,
        List<LinkedFileDescriptor> linkedFiles, List<Property> properties) {

    public Header {
        mediaDescriptors = List.copyOf(mediaDescriptors);
        linkedFiles = List.copyOf(linkedFiles);
        properties = List.copyOf(properties);
    }

    /** The value of the first property with this name. */
    public Optional<String> property(String name) {
        return properties.stream().filter(p -> name.equals(p.name())).map(Property::value).findFirst();
    }
}
