package org.autotier.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.autotier.model.eaf.AlignableAnnotation;
import org.autotier.model.eaf.Annotation;
import org.autotier.model.eaf.ControlledVocabulary;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafProblem;
import org.autotier.model.eaf.EafValidator;
import org.autotier.model.eaf.LinguisticType;
import org.autotier.model.eaf.LinkedFileDescriptor;
import org.autotier.model.eaf.MediaDescriptor;
import org.autotier.model.eaf.Tier;
import org.autotier.model.eaf.TimeSlot;
import org.autotier.model.eaf.io.EafException;
import org.autotier.model.eaf.io.EafReader;
import org.autotier.model.eaf.io.EafSchemas;
import org.autotier.model.eaf.io.EafVersion;
import org.autotier.model.eaf.io.EafWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code autotier eaf ...}: inspect, validate and convert EAF files. */
@Command(name = "eaf", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Inspect, validate and convert ELAN annotation files (EAF 2.7, 2.8, 3.0).",
        subcommands = {EafCommand.Info.class, EafCommand.Validate.class, EafCommand.Convert.class})
final class EafCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "info", mixinStandardHelpOptions = true, versionProvider = Versions.class,
            description = "Show tiers, linguistic types, annotation counts, media and the EAF version.")
    static final class Info implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the EAF file")
        Path file;

        @Override
        public Integer call() throws EafException {
            EafDocument doc = EafReader.read(file);
            print(spec.commandLine().getOut(), file, doc);
            return ExitCodes.OK;
        }

        static void print(PrintWriter out, Path file, EafDocument doc) {
            out.printf("file:     %s%n", file);
            out.printf("version:  EAF %s%s%n", doc.version(),
                    doc.format() != null && !doc.format().equals(doc.version()) ? " (FORMAT " + doc.format() + ")" : "");
            out.printf("author:   %s%n", doc.author().isEmpty() ? "-" : doc.author());
            out.printf("date:     %s%n", doc.date());
            for (MediaDescriptor m : doc.header().mediaDescriptors()) {
                out.printf("media:    %s (%s)%s%n", m.mediaUrl(), m.mimeType(),
                        m.relativeMediaUrl() != null ? " relative " + m.relativeMediaUrl() : "");
            }
            for (LinkedFileDescriptor l : doc.header().linkedFiles()) {
                out.printf("linked:   %s (%s)%n", l.linkUrl(), l.mimeType());
            }
            int aligned = 0;
            for (Tier t : doc.tiers()) {
                for (Annotation a : t.annotations()) {
                    aligned += a instanceof AlignableAnnotation ? 1 : 0;
                }
            }
            long unaligned = doc.timeSlots().stream().filter(s -> !s.isAligned()).count();
            long maxTime = doc.timeSlots().stream().filter(TimeSlot::isAligned).mapToLong(TimeSlot::value).max()
                    .orElse(0);
            out.printf("annotations: %d (%d time-aligned, %d reference); time slots: %d (%d unaligned); "
                    + "last time: %s%n", doc.annotationCount(), aligned, doc.annotationCount() - aligned,
                    doc.timeSlots().size(), unaligned, Durations.format(maxTime));
            out.printf("%ntiers (%d):%n", doc.tiers().size());
            int w = Math.max(4, doc.tiers().stream().mapToInt(t -> t.id().length()).max().orElse(4));
            out.printf("  %-" + w + "s  %11s  %-20s  %-16s  %s%n", "TIER", "ANNOTATIONS", "TYPE", "PARENT",
                    "PARTICIPANT");
            for (Tier t : doc.tiers()) {
                out.printf("  %-" + w + "s  %11d  %-20s  %-16s  %s%n", t.id(), t.annotations().size(),
                        t.linguisticTypeRef(), t.parentRef() == null ? "-" : t.parentRef(),
                        t.participant() == null || t.participant().isEmpty() ? "-" : t.participant());
            }
            out.printf("%nlinguistic types (%d):%n", doc.linguisticTypes().size());
            for (LinguisticType lt : doc.linguisticTypes()) {
                out.printf("  %-24s %-22s %s%s%n", lt.id(),
                        lt.constraints() == null ? "(independent)" : lt.constraints(),
                        Boolean.FALSE.equals(lt.timeAlignable()) ? "symbolic" : "time-alignable",
                        lt.controlledVocabularyRef() == null ? "" : ", CV " + lt.controlledVocabularyRef());
            }
            if (!doc.controlledVocabularies().isEmpty()) {
                out.printf("%ncontrolled vocabularies (%d):%n", doc.controlledVocabularies().size());
                for (ControlledVocabulary cv : doc.controlledVocabularies()) {
                    out.printf("  %-24s %s%n", cv.id(), cv.isExternal() ? "external (" + cv.extRef() + ")"
                            : cv.entries().size() + " entries");
                }
            }
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = Versions.class,
            description = {"Check a file against the official XSD of its version and ELAN's rules.",
                "Exit code 0 if valid, 1 if not; one line per problem."})
    static final class Validate implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the EAF file")
        Path file;

        @Option(names = "--schema", paramLabel = "XSD",
                description = "the official schema to use (default: found by version, see docs/eaf.md)")
        Path schema;

        @Option(names = "--quiet", description = "print problems only, no summary")
        boolean quiet;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            EafDocument doc;
            try {
                doc = EafReader.read(file);
            } catch (EafException e) {
                out.println("error [PARSE] " + e.getMessage());
                out.println(file + ": invalid");
                return ExitCodes.FAILED;
            }
            List<EafProblem> problems = new ArrayList<>();
            Optional<EafVersion> version = EafVersion.of(doc.version());
            Path xsd = schema != null ? schema : version.flatMap(EafSchemas::locate).orElse(null);
            String schemaNote;
            if (xsd != null) {
                problems.addAll(EafSchemas.validate(file, xsd));
                schemaNote = "schema " + xsd.getFileName();
            } else {
                schemaNote = version.isEmpty() ? "no official schema check for EAF " + doc.version()
                        : "official " + version.get().schemaFileName() + " not found (set AUTOTIER_EAF_SCHEMAS)";
            }
            problems.addAll(EafValidator.validate(doc));
            long errors = problems.stream().filter(EafProblem::isError).count();
            for (EafProblem p : problems) {
                out.println(p);
            }
            if (!quiet) {
                out.printf("%s: %s (EAF %s; %s; %d error(s), %d warning(s))%n", file, errors == 0 ? "valid" : "invalid",
                        doc.version(), schemaNote, errors, problems.size() - errors);
            }
            return errors == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    // no standard mixin here: its -V/--version would clash with the EAF --version option
    @Command(name = "convert",
            description = {"Read any supported EAF version and write it losslessly as another.",
                "Refuses, writing nothing, if the target version cannot hold every value.",
                "An existing OUT is kept as OUT.bak."})
    static final class Convert implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IN", description = "the EAF file to read")
        Path in;

        @Parameters(index = "1", paramLabel = "OUT", description = "the EAF file to write")
        Path out;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--version", paramLabel = "V", defaultValue = "3.0",
                description = "EAF version to write: 2.7, 2.8 or 3.0 (default: ${DEFAULT-VALUE})")
        String version;

        @Override
        public Integer call() throws Exception {
            EafVersion target = EafVersion.parse(version);
            EafDocument doc = EafReader.read(in);
            EafWriter.write(doc, out, target, true);
            spec.commandLine().getOut().printf("%s (EAF %s) -> %s (EAF %s): %d tiers, %d annotations%n", in,
                    doc.version(), out, target.text(), doc.tiers().size(), doc.annotationCount());
            return ExitCodes.OK;
        }
    }
}
