package org.autotier.core.media;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * MIME types ELAN expects in MEDIA_DESCRIPTOR, by file extension. Needs nothing but the JDK: the
 * Spark job's driver lists a corpus with it, without the media natives.
 */
public final class MimeTypes {
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"), Map.entry("mov", "video/quicktime"),
            Map.entry("mkv", "video/x-matroska"), Map.entry("avi", "video/x-msvideo"), Map.entry("webm", "video/webm"),
            Map.entry("flv", "video/x-flv"), Map.entry("mpg", "video/mpeg"), Map.entry("mpeg", "video/mpeg"),
            Map.entry("wav", "audio/x-wav"), Map.entry("mp3", "audio/mpeg"), Map.entry("flac", "audio/flac"),
            Map.entry("m4a", "audio/mp4"), Map.entry("ogg", "audio/ogg"));

    private MimeTypes() {
    }

    /** Whether the file name has an extension of a recording autotier reads (for folder batches). */
    public static boolean isMedia(Path file) {
        return isMediaName(file.getFileName().toString());
    }

    /** As {@link #isMedia(Path)}, for a file name (any file system's, such as HDFS's). */
    public static boolean isMediaName(String fileName) {
        return fileName.lastIndexOf('.') > 0 && byExtension(fileName) != null; // not a bare ".wav"
    }

    public static String of(Path file, boolean hasVideo) {
        String mime = byExtension(file.getFileName().toString());
        if (mime != null) {
            return mime;
        }
        return hasVideo ? "video/*" : "audio/*";
    }

    /** The MIME type of the file name's extension (any case), or null. */
    private static String byExtension(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : BY_EXTENSION.get(name.substring(dot + 1));
    }
}
