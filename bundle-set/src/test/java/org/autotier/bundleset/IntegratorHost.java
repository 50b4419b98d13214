package org.autotier.bundleset;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * An integrator's own minimal host, run in a JVM of its own by {@link BundleSetTest} with one
 * framework jar (Equinox or Felix) on its class path and nothing of autotier's: it starts the
 * framework with default settings, installs every bundle of the published set from its file,
 * starts them, and auto-suggests one recording through {@code AutoSuggestService}, the way a host
 * calls it. autotier's API types live in the bundles, not on this class path, so it calls them
 * reflectively. It prints what it saw, one fact per line, for the test to check.
 *
 * <p>Arguments: the bundle-set folder, the framework storage folder, the recording.
 */
public final class IntegratorHost {
    private IntegratorHost() {
    }

    public static void main(String[] args) throws Exception {
        Path set = Path.of(args[0]);
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, args[1]);
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
        BundleContext context = framework.getBundleContext();
        System.out.println("FRAMEWORK " + framework.getSymbolicName() + " " + framework.getVersion());

        List<Bundle> bundles = new ArrayList<>();
        try (Stream<Path> files = Files.list(set)) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                bundles.add(context.installBundle(jar.toUri().toString()));
            }
        }
        for (Bundle b : bundles) {
            b.start();
        }
        for (Bundle b : bundles) {
            System.out.println("BUNDLE " + b.getSymbolicName() + " " + (b.getState() == Bundle.ACTIVE ? "ACTIVE" : b.getState()));
        }

        ServiceTracker<Object, Object> tracker =
                new ServiceTracker<>(context, "org.autotier.core.api.AutoSuggestService", null);
        tracker.open();
        Object service = tracker.waitForService(TimeUnit.SECONDS.toMillis(60));
        if (service == null) {
            throw new IllegalStateException("no AutoSuggestService after 60 s");
        }
        Bundle core = tracker.getServiceReference().getBundle();
        Class<?> requestType = core.loadClass("org.autotier.core.api.AutoSuggestService$Request");
        Class<?> documentType = core.loadClass("org.autotier.model.eaf.EafDocument");
        Path media = Path.of(args[2]);
        Path eaf = media.resolveSibling(media.getFileName().toString().replaceFirst("\\.[^.]+$", "") + ".eaf");
        Object request = requestType.getConstructor(Path.class, documentType, Path.class, List.class)
                .newInstance(media, null, eaf, List.of());
        Method start = service.getClass().getMethod("start", requestType, java.util.function.DoubleConsumer.class);
        Object job = start.invoke(service, request, null);
        Method result = job.getClass().getMethod("result");
        result.setAccessible(true);
        Object done = ((CompletionStage<?>) result.invoke(job)).toCompletableFuture().get(10, TimeUnit.MINUTES);
        Method suggestions = done.getClass().getMethod("suggestions");
        suggestions.setAccessible(true);
        List<?> list = (List<?>) suggestions.invoke(done);
        System.out.println("SUGGESTIONS " + list.size());
        for (Object s : list) {
            System.out.println("SUGGESTION " + s);
        }
        for (String sidecar : List.of("json", "csv")) {
            Path f = eaf.resolveSibling(eaf.getFileName().toString().replaceFirst("\\.eaf$", ".autotier." + sidecar));
            System.out.println("SIDECAR " + f.getFileName() + " " + Files.isRegularFile(f));
        }
        try (Stream<Path> found = Files.walk(Path.of(args[1]))) {
            found.filter(p -> p.getFileName().toString().equals("model.json"))
                    .forEach(p -> System.out.println("MODEL " + p.getParent()));
        }
        tracker.close();
        framework.stop();
        framework.waitForStop(30_000);
        System.out.println("STOPPED");
        System.exit(0);
    }

    /** This class's own folder, for the child's class path. */
    static String classpathEntry() throws Exception {
        return new File(IntegratorHost.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
