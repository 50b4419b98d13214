package org.autotier.elan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Behaves as ELAN's LocalRecognizer does with a {@code local} recognizer: reads the CMDI, runs the
 * platform's command split on whitespace (no quoting) in the recognizer's folder, writes the
 * parameters as PARAM XML to stdin and closes it, collects the PROGRESS and RESULT lines from
 * stdout, and reads output tiers back with ELAN's time rules.
 */
final class LocalRecognizerHarness {
    /** What a run printed. */
    record Run(int exitCode, List<String> lines, List<Double> progress, String result) {
    }

    /** One span of an output tier, times in ms. */
    record Span(long startMs, long endMs, String value) {
    }

    private final Path folder;
    private final Document cmdi;

    LocalRecognizerHarness(Path folder, String cmdiName) throws Exception {
        this.folder = folder;
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        this.cmdi = f.newDocumentBuilder().parse(folder.resolve(cmdiName).toFile());
    }

    Element recognizer() {
        return (Element) cmdi.getElementsByTagNameNS("*", "recognizer").item(0);
    }

    /** The names of the parameters of one kind (input, output, numparam, textparam). */
    List<String> parameters(String kind) {
        List<String> out = new ArrayList<>();
        NodeList n = cmdi.getElementsByTagNameNS("*", kind);
        for (int i = 0; i < n.getLength(); i++) {
            out.add(n.item(i).getTextContent().trim());
        }
        return out;
    }

    Map<String, String> defaults() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kind : List.of("numparam", "textparam")) {
            NodeList n = cmdi.getElementsByTagNameNS("*", kind);
            for (int i = 0; i < n.getLength(); i++) {
                Element e = (Element) n.item(i);
                out.put(e.getTextContent().trim(), e.getAttribute("default"));
            }
        }
        return out;
    }

    Run run(Map<String, String> params, long timeoutSeconds) throws Exception {
        String command = recognizer().getAttribute("runLinux");
        List<String> argv = List.of(command.trim().split("\\s+")); // ELAN: whitespace, no quoting
        Process p = new ProcessBuilder(argv).directory(folder.toFile()).redirectErrorStream(true).start();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PARAM>\n");
        params.forEach((k, v) -> xml.append("<param name=\"").append(k).append("\">").append(escape(v))
                .append("</param>\n"));
        xml.append("</PARAM>\n");
        try (OutputStream in = p.getOutputStream()) {
            in.write(xml.toString().getBytes(StandardCharsets.UTF_8));
        }
        List<String> lines = new ArrayList<>();
        List<Double> progress = new ArrayList<>();
        String result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
                if (line.startsWith("PROGRESS:")) {
                    String[] parts = line.substring(9).trim().split("\\s+", 2);
                    progress.add(Double.parseDouble(parts[0]));
                } else if (line.startsWith("RESULT:")) {
                    result = line.substring(7).trim();
                }
            }
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the recognizer did not finish in " + timeoutSeconds + " s: " + lines);
        }
        return new Run(p.exitValue(), lines, progress, result);
    }

    /** ELAN's rule: a time with a '.' is seconds, one without is integer milliseconds. */
    static long time(String t) {
        return t.contains(".") ? Math.round(Double.parseDouble(t) * 1000) : Long.parseLong(t);
    }

    static Map<String, List<Span>> readTiers(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document d = f.newDocumentBuilder().parse(file.toFile());
        Map<String, List<Span>> out = new LinkedHashMap<>();
        NodeList tiers = d.getElementsByTagName("TIER");
        for (int i = 0; i < tiers.getLength(); i++) {
            Element t = (Element) tiers.item(i);
            List<Span> spans = new ArrayList<>();
            NodeList s = t.getElementsByTagName("span");
            for (int k = 0; k < s.getLength(); k++) {
                Element e = (Element) s.item(k);
                NodeList v = e.getElementsByTagName("v");
                spans.add(new Span(time(e.getAttribute("start")), time(e.getAttribute("end")),
                        v.getLength() == 0 ? "" : v.item(0).getTextContent()));
            }
            out.put(t.getAttribute("columns"), spans);
        }
        return out;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static boolean commandExists(String name) {
        try {
            return new ProcessBuilder(name, "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
