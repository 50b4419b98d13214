package org.autotier.model.eaf.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.autotier.model.eaf.EafProblem;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Validates EAF files against the official MPI schemas (EAFv2.7.xsd, EAFv2.8.xsd, EAFv3.0.xsd).
 *
 * <p>autotier does not redistribute the schemas. It looks for {@code EAFvX.Y.xsd} in, in order:
 * the folder named by the system property {@code autotier.eaf.schemas}, the environment variable
 * {@code AUTOTIER_EAF_SCHEMAS}, and {@code ELAN}'s conventional locations under the user's home.
 * The {@code ./autotier} script points the property at {@code ../shared/data/eaf/schemas} when
 * that folder exists.
 */
public final class EafSchemas {

    private static final Map<Path, Schema> CACHE = new ConcurrentHashMap<>();

    private EafSchemas() {
    }

    /** The folders searched for schema files, in order. */
    public static List<Path> searchPath() {
        List<Path> dirs = new ArrayList<>();
        String prop = System.getProperty("autotier.eaf.schemas");
        if (prop != null && !prop.isBlank()) {
            dirs.add(Paths.get(prop));
        }
        String env = System.getenv("AUTOTIER_EAF_SCHEMAS");
        if (env != null && !env.isBlank()) {
            dirs.add(Paths.get(env));
        }
        String home = System.getProperty("user.home");
        if (home != null) {
            dirs.add(Paths.get(home, ".autotier", "schemas"));
        }
        return dirs;
    }

    /** The official schema file for {@code version}, if one can be found. */
    public static Optional<Path> locate(EafVersion version) {
        for (Path dir : searchPath()) {
            Path f = dir.resolve(version.schemaFileName());
            if (Files.isRegularFile(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Validates a file against {@code schemaFile}; each schema error becomes an {@link EafProblem}
     * of kind SCHEMA with its line and column.
     */
    public static List<EafProblem> validate(Path eaf, Path schemaFile) throws IOException {
        Schema schema = load(schemaFile);
        Validator validator = schema.newValidator();
        secure(validator);
        List<EafProblem> problems = new ArrayList<>();
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                problems.add(EafProblem.warning(EafProblem.Kind.SCHEMA, at(e), e.getMessage()));
            }

            @Override
            public void error(SAXParseException e) {
                problems.add(EafProblem.error(EafProblem.Kind.SCHEMA, at(e), e.getMessage()));
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                problems.add(EafProblem.error(EafProblem.Kind.SCHEMA, at(e), e.getMessage()));
                throw e;
            }
        });
        try (InputStream in = Files.newInputStream(eaf)) {
            validator.validate(new StreamSource(in, eaf.toUri().toString()));
        } catch (SAXParseException e) {
            // already recorded as a problem
        } catch (SAXException e) {
            problems.add(EafProblem.error(EafProblem.Kind.SCHEMA, "", e.getMessage()));
        }
        return problems;
    }

    private static String at(SAXParseException e) {
        return "line " + e.getLineNumber() + ", column " + e.getColumnNumber();
    }

    private static Schema load(Path schemaFile) throws IOException {
        Path key = schemaFile.toAbsolutePath().normalize();
        Schema cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        try {
            SchemaFactory f = SchemaFactory.newDefaultInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
            Schema schema = f.newSchema(key.toFile());
            CACHE.put(key, schema);
            return schema;
        } catch (SAXException e) {
            throw new IOException(schemaFile + ": not a usable XML schema: " + e.getMessage(), e);
        }
    }

    private static void secure(Validator v) {
        try {
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException ignored) {
            // not supported by this validator; the EAF reader refuses DTDs anyway
        }
    }
}
