package org.autotier.spark;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.autotier.core.media.MimeTypes;

/**
 * The corpus a job works on, listed on the driver through Hadoop's file systems (local, HDFS,
 * S3A ...): folders are searched recursively for the recordings autotier reads; a manifest
 * ({@code .txt}/{@code .lst}: one path per line; {@code .csv}: a column named {@code path}) names
 * recordings, relative to its own folder or absolute.
 */
final class Recordings {
    static final Set<String> MANIFEST_EXTENSIONS = Set.of("txt", "lst", "list", "csv");

    private Recordings() {
    }

    static List<RecordingTask> list(List<String> inputs, Configuration conf) throws IOException {
        Map<String, RecordingTask> byMedia = new LinkedHashMap<>();
        for (String input : inputs) {
            Path p = new Path(input);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus st;
            try {
                st = fs.getFileStatus(p);
            } catch (FileNotFoundException e) {
                throw new IOException(input + ": no such file or folder");
            }
            Path root = st.getPath();
            if (st.isDirectory()) {
                List<Path> found = new ArrayList<>();
                for (RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true); it.hasNext(); ) {
                    LocatedFileStatus f = it.next();
                    if (f.isFile() && MimeTypes.isMediaName(f.getPath().getName()) && !hidden(root, f.getPath())) {
                        found.add(f.getPath());
                    }
                }
                found.sort(null);
                for (Path m : found) {
                    add(byMedia, m, relative(root, m));
                }
            } else if (MimeTypes.isMediaName(root.getName())) {
                add(byMedia, root, root.getName());
            } else if (MANIFEST_EXTENSIONS.contains(extension(root.getName()))) {
                for (Path m : manifest(fs, root, conf)) {
                    Path folder = root.getParent();
                    String rel = m.toUri().getPath().startsWith(folder.toUri().getPath() + "/")
                            && sameFileSystem(m, folder) ? relative(folder, m) : withoutRoot(m);
                    add(byMedia, m, rel);
                }
            } else {
                throw new IOException(input + ": neither a recording autotier reads (by its extension) nor a manifest ("
                        + String.join(", ", MANIFEST_EXTENSIONS.stream().sorted().map(e -> "." + e).toList()) + ")");
            }
        }
        if (byMedia.isEmpty()) {
            throw new IOException("no recordings found in " + String.join(" ", inputs));
        }
        List<RecordingTask> tasks = new ArrayList<>(byMedia.values());
        Map<String, RecordingTask> byEaf = new LinkedHashMap<>();
        for (RecordingTask t : tasks) {
            RecordingTask other = byEaf.putIfAbsent(t.eafName(), t);
            if (other != null) {
                throw new IOException("two recordings would write the same EAF eaf/" + t.eafName() + ": " + other.media()
                        + " and " + t.media() + "; rename one, or run them separately");
            }
        }
        return tasks;
    }

    private static void add(Map<String, RecordingTask> byMedia, Path media, String recording) {
        String uri = media.toString();
        byMedia.putIfAbsent(uri, new RecordingTask(recording, uri, eafName(recording)));
    }

    /** {@code child01/a.mp4} → {@code child01/a.eaf}, as {@code autotier run --out-dir} names it. */
    static String eafName(String recording) {
        int slash = recording.lastIndexOf('/');
        int dot = recording.lastIndexOf('.');
        return (dot > slash + 1 ? recording.substring(0, dot) : recording) + ".eaf";
    }

    /** Paths from a manifest, relative ones against the manifest's folder. */
    static List<Path> manifest(FileSystem fs, Path manifest, Configuration conf) throws IOException {
        List<Path> out = new ArrayList<>();
        boolean csv = extension(manifest.getName()).equals("csv");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(manifest), StandardCharsets.UTF_8))) {
            int column = -1;
            int lineNo = 0;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String entry = line.trim();
                if (csv) {
                    List<String> fields = csvFields(line);
                    if (column < 0) {
                        column = fields.stream().map(f -> f.trim().toLowerCase(Locale.ROOT)).toList().indexOf("path");
                        if (column < 0) {
                            throw new IOException(manifest + ": the first line names no column 'path' (it has "
                                    + fields + ")");
                        }
                        continue;
                    }
                    if (column >= fields.size() || fields.get(column).isBlank()) {
                        throw new IOException(manifest + ", line " + lineNo + ": no path in column " + (column + 1));
                    }
                    entry = fields.get(column).trim();
                }
                Path p = new Path(entry);
                Path resolved = p.isAbsolute() || p.toUri().getScheme() != null ? p : new Path(manifest.getParent(), p);
                FileSystem mfs = resolved.getFileSystem(conf);
                if (!mfs.isFile(resolved)) {
                    throw new IOException(manifest + ", line " + lineNo + ": " + entry + ": no such file");
                }
                out.add(mfs.makeQualified(resolved));
            }
        }
        return out;
    }

    /** The fields of one CSV line (RFC 4180 quotes; no line breaks inside fields). */
    static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString());
        return fields;
    }

    private static String relative(Path root, Path file) {
        String r = root.toUri().getPath();
        String f = file.toUri().getPath();
        return f.substring(r.endsWith("/") ? r.length() : r.length() + 1);
    }

    /** A name for a recording outside the manifest's folder: its path without the leading slash. */
    private static String withoutRoot(Path p) {
        String authority = p.toUri().getAuthority();
        String path = p.toUri().getPath().replaceFirst("^/+", "");
        return authority == null || authority.isEmpty() ? path : authority + "/" + path;
    }

    private static boolean sameFileSystem(Path a, Path b) {
        return java.util.Objects.equals(a.toUri().getScheme(), b.toUri().getScheme())
                && java.util.Objects.equals(a.toUri().getAuthority(), b.toUri().getAuthority());
    }

    /** Files under a hidden folder, or hidden themselves (such as macOS's ._ files), are not recordings. */
    private static boolean hidden(Path root, Path file) {
        for (String part : relative(root, file).split("/")) {
            if (part.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
