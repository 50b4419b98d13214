package org.autotier.core.tiers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.eaf.EafEditor;
import org.autotier.model.eaf.EafProblem;
import org.autotier.model.eaf.EafRuleException;
import org.autotier.model.eaf.MediaDescriptor;
import org.autotier.model.eaf.Tier;

/** Names and helpers shared by everything that writes autotier's own tiers. */
public final class AutotierTiers {
    /** Every tier, linguistic type and CV autotier owns starts with this; nothing else is ever touched. */
    public static final String PREFIX = "autotier-";
    public static final String SPEECH = "autotier-speech";
    public static final String FACE = "autotier-face";
    public static final String SPEECH_FACE = "autotier-speech-face";

    private AutotierTiers() {
    }

    public static boolean isOwn(String tierId) {
        return tierId.startsWith(PREFIX);
    }

    /**
     * Removes autotier's own tiers (so a re-run replaces them), refusing when a user's tier
     * depends on one of them, since removing it would delete the user's annotations.
     */
    public static void removeOwnTiers(EafEditor ed, EafDocument before) {
        for (Tier t : before.tiers()) {
            if (!isOwn(t.id()) && t.parentRef() != null && isOwn(t.parentRef())) {
                throw new EafRuleException(EafProblem.error(EafProblem.Kind.CONSTRAINT_VIOLATION,
                        "TIER \"" + t.id() + "\"", "your tier depends on autotier's tier \"" + t.parentRef()
                                + "\"; re-running would delete it. Move or rename it first."));
            }
        }
        List<String> own = new ArrayList<>();
        for (String id : ed.tierIds()) {
            if (isOwn(id)) {
                own.add(id);
            }
        }
        for (String id : own) {
            if (ed.hasTier(id)) {
                ed.removeTier(id);
            }
        }
    }

    /** A media descriptor with the absolute URL and the URL relative to the EAF's folder. */
    public static MediaDescriptor mediaDescriptor(Path media, Path eaf, String mimeType) {
        Path abs = media.toAbsolutePath().normalize();
        Path dir = eaf.toAbsolutePath().normalize().getParent();
        String relative;
        try {
            relative = dir == null ? abs.getFileName().toString()
                    : dir.relativize(abs).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            relative = null; // different roots (Windows drives): no relative path
        }
        String relUrl = relative == null ? null
                : (relative.startsWith("../") ? "" : "./") + java.net.URI.create("x/" + encodePath(relative))
                        .getRawPath().substring(2);
        return new MediaDescriptor(abs.toUri().toString(), relUrl, mimeType, null, null);
    }

    private static String encodePath(String p) {
        StringBuilder b = new StringBuilder();
        for (String part : p.split("/", -1)) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(java.net.URLEncoder.encode(part, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
    }
}
