// What crash isolation costs an OSGi host (docs/benchmarks.md, "Crash isolation"): the same
// auto-suggest requests in this JVM (LocalEngine, isolation=in-process) and in a child JVM
// (ChildEngine, the default), side by side in one run. The child is started as ChildLaunch
// starts it in a host: WorkerMain on the framework jar, then plugin-core's bundles by reference
// from the application folder that `./autotier` unpacks. Usage, from the project root, after any
// `./autotier` command (so cnf/target/.autotier-app exists):
//   app=$(ls -d cnf/target/.autotier-app/app-*/ | head -1)
//   cp=$(find $app/jar $app/bundles -name '*.jar' ! -name 'biz.aQute.launcher*' ! -name 'org.apache.felix.gogo.shell*' | tr '\n' :)
//   java -XX:+UseSerialGC -Dai.djl.offline=true -cp "$cp" benchmarks/scripts/IsolationBench.java $app RECORDING.wav models/emotion-audio 5
import java.nio.file.*;
import java.util.*;
import java.util.stream.*;
import org.autotier.core.api.AutoSuggestService;
import org.autotier.core.suggest.SuggestParams;
import org.autotier.core.worker.*;

public class IsolationBench {
  static final List<String> HOST_ONLY = List.of("biz.aQute.launcher", "org.apache.felix.framework", "org.apache.felix.gogo.shell", "plugin-ui");

  public static void main(String[] a) throws Exception {
    Path app = Path.of(a[0]).toAbsolutePath(), media = Path.of(a[1]).toAbsolutePath();
    PipelineSettings settings = new PipelineSettings(Path.of(a[2]).toAbsolutePath().toString(), "cpu", 10, 0.4, SuggestParams.DEFAULTS);
    int n = Integer.parseInt(a[3]);
    Path work = Files.createTempDirectory("isolation-bench");
    AutoSuggestService.Request request = new AutoSuggestService.Request(media, null, work.resolve("x.eaf"), List.of());

    try (LocalEngine local = new LocalEngine("bench")) {
      report("in-process", times(local, request, settings, n));
    }
    List<String> bundles = new ArrayList<>();
    try (Stream<Path> s = Stream.concat(Files.list(app.resolve("jar")), Files.list(app.resolve("bundles")))) {
      s.filter(p -> HOST_ONLY.stream().noneMatch(h -> p.getFileName().toString().startsWith(h))).sorted().forEach(p -> bundles.add(p.toString()));
    }
    Path felix = Files.list(app.resolve("jar")).filter(p -> p.getFileName().toString().startsWith("org.apache.felix.framework")).findFirst().orElseThrow();
    Path core = Files.list(app.resolve("jar")).filter(p -> p.getFileName().toString().startsWith("plugin-core")).findFirst().orElseThrow();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true",
        "-Dautotier.worker.fw.org.osgi.framework.bootdelegation=sun.*,com.sun.*",
        "-cp", felix + java.io.File.pathSeparator + core, "org.autotier.core.worker.WorkerMain", work.resolve("framework").toString(), "plugin-core"));
    cmd.addAll(bundles);
    try (ChildEngine child = new ChildEngine(cmd, work.resolve("requests"), work.resolve("crash-reports"), 600_000)) {
      report("child JVM", times(child, request, settings, n));
    }
  }

  static double[] times(Engine e, AutoSuggestService.Request r, PipelineSettings s, int n) throws Exception {
    double[] t = new double[n];
    int suggestions = -1;
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      int k = e.suggest(r, s, f -> { }, () -> false).suggestions().size();
      t[i] = (System.nanoTime() - t0) / 1e9;
      if (suggestions >= 0 && k != suggestions) throw new AssertionError("different results: " + k + " vs " + suggestions);
      suggestions = k;
    }
    return t;
  }

  static void report(String what, double[] t) {
    double[] warm = Arrays.copyOfRange(t, 1, t.length);
    Arrays.sort(warm);
    System.out.printf(Locale.ROOT, "%-10s first request %.2f s (incl. model load%s), then median %.3f s over %d%n", what, t[0],
        what.startsWith("child") ? " and process start" : "", warm[warm.length / 2], warm.length);
  }
}
