package dev.minewatch.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.Results;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieContainer;

/**
 * The compiled rules: every DRL file of a rules directory, compiled at run time into one shareable
 * {@link KieBase}.
 *
 * <p>The executable model runs the rules. When it fails, the classic builder compiles the same files again
 * only to report the problems: it is the one that names the DRL file and line of each (the executable
 * model's messages point into generated Java).
 */
public final class RuleBase {

    /** The package every rule file declares; it is also the folder the files take in the rule base. */
    public static final String PACKAGE = "minewatch.rules";
    private static final String FOLDER = "src/main/resources/" + PACKAGE.replace('.', '/') + "/";
    private static final AtomicInteger BUILDS = new AtomicInteger();
    /** A message that only repeats that a file with a syntax error gave no package. */
    private static final Pattern NOISE = Pattern.compile("^Parser returned a null Package");
    private static final Pattern PARSER_POSITION = Pattern.compile("\\bLine (\\d+):(\\d+)\\b");
    private static final Pattern RULE_NAME = Pattern.compile("(?m)^\\s*rule\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * A rule as {@code rules list} shows it: its name, file and metadata.
     *
     * @param metadata its {@code @id}, {@code @detection}, {@code @risk_score} and {@code @mitre}
     */
    public record RuleInfo(String name, String file, RuleMetadata metadata) {}

    private final KieBase kieBase;
    private final List<RuleInfo> rules;
    private final boolean cached;

    private RuleBase(KieBase kieBase, List<RuleInfo> rules, boolean cached) {
        this.kieBase = kieBase;
        this.rules = rules;
        this.cached = cached;
    }

    /**
     * How the rules are compiled. Both give the same alerts (the test suite passes with either). The executable
     * model (Drools' recommendation) runs about 15% faster; the classic builder (deprecated in Drools 10)
     * compiles in about half the time, which matters more for short runs.
     */
    public enum Builder { EXEC, CLASSIC }

    /** Compiles {@code files} with the executable model; all their problems are reported at once. */
    public static RuleBase compile(List<RuleFile> files) throws RuleCompilationException {
        return compile(files, Builder.EXEC);
    }

    /** Compiles {@code files} with {@code builder}; all their problems are reported at once. */
    public static RuleBase compile(List<RuleFile> files, Builder builder) throws RuleCompilationException {
        return compile(files, builder, null);
    }

    /**
     * Likewise; with the executable model, loads the classes an earlier run compiled from the same files from
     * {@code cache} (null: none), or keeps what it compiles there.
     */
    public static RuleBase compile(List<RuleFile> files, Builder builder, RuleCache cache)
            throws RuleCompilationException {
        if (files.isEmpty()) {
            throw new RuleCompilationException(List.of("no .drl files to compile"));
        }
        String key = cache == null || builder != Builder.EXEC ? null : RuleCache.key(files);
        if (key != null) {
            KieBase cached = cache.load(key).orElse(null);
            if (cached != null) {
                return new RuleBase(cached, describeRules(cached, files), true);
            }
        }
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        Map<String, String> shownAs = new HashMap<>();
        for (RuleFile file : files) {
            String path = FOLDER + file.fileName();
            shownAs.put(path, file.name());
            shownAs.put(path.substring("src/main/resources/".length()), file.name()); // the classic builder's form
            kfs.write(path, ks.getResources().newInputStreamResource(file.stream()).setResourceType(ResourceType.DRL));
        }
        // each build its own release: the KIE repository is JVM-wide (drools-notes G9)
        ReleaseId release = ks.newReleaseId("dev.minewatch", "rules", "1." + BUILDS.incrementAndGet());
        kfs.generateAndWritePomXML(release);
        KieBuilder build = builder == Builder.CLASSIC ? ks.newKieBuilder(kfs).buildAll()
                : ks.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        Results results = build.getResults();
        if (results.hasMessages(Message.Level.ERROR)) {
            KieBuilder classic = ks.newKieBuilder(kfs).buildAll();
            Results diagnosis = classic.getResults().hasMessages(Message.Level.ERROR) ? classic.getResults() : results;
            ks.getRepository().removeKieModule(release);
            throw new RuleCompilationException(diagnosis.getMessages(Message.Level.ERROR).stream()
                    .filter(m -> !NOISE.matcher(String.valueOf(m.getText())).find())
                    .sorted(Comparator.comparing((Message m) -> String.valueOf(m.getPath()))
                            .thenComparingInt(Message::getLine))
                    .map(m -> describe(m, shownAs)).distinct().toList());
        }
        if (key != null) {
            cache.store(key, (InternalKieModule) build.getKieModule());
        }
        KieContainer container = ks.newKieContainer(release);
        KieBase kieBase = container.newKieBase(forRuns(ks.newKieBaseConfiguration()));
        ks.getRepository().removeKieModule(release);
        return new RuleBase(kieBase, describeRules(kieBase, files), false);
    }

    /** {@code configuration} with the options every rule base runs with, compiled or loaded from the cache. */
    static KieBaseConfiguration forRuns(KieBaseConfiguration configuration) {
        // CLOUD mode: events arrive already sorted by event time, and the runner deletes each once judged
        configuration.setOption(EventProcessingOption.CLOUD);
        return configuration;
    }

    /** Whether the rules were loaded from a {@link RuleCache} rather than compiled. */
    public boolean cached() {
        return cached;
    }

    public KieBase kieBase() {
        return kieBase;
    }

    /** Every rule, by file and then name. */
    public List<RuleInfo> rules() {
        return rules;
    }

    /** The file of the rule named {@code rule}, as messages name it; {@code ?} for a rule of no file read. */
    public String fileOf(String rule) {
        return rules.stream().filter(r -> r.name().equals(rule)).map(RuleInfo::file).findFirst().orElse("?");
    }

    /** Whether some rule file declares the global {@code name}. */
    public boolean declaresGlobal(String name) {
        for (KiePackage p : kieBase.getKiePackages()) {
            for (Global g : p.getGlobalVariables()) {
                if (g.getName().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(Message m, Map<String, String> shownAs) {
        String file = m.getPath() == null ? "(rules)" : shownAs.getOrDefault(m.getPath(), m.getPath());
        String text = m.getText() == null ? "" : m.getText().strip().replaceAll("\\s*\\R\\s*", " ");
        int line = Math.max(m.getLine(), 0);
        int column = Math.max(m.getColumn(), 0);
        // the parser knows the column but reports it only in its text: "[ERR 102] Line 23:4 mismatched input"
        Matcher at = PARSER_POSITION.matcher(text);
        if (column == 0 && at.find() && (line == 0 || Integer.parseInt(at.group(1)) == line)) {
            line = Integer.parseInt(at.group(1));
            column = Integer.parseInt(at.group(2));
        }
        return file + ":" + line + ":" + column + ": " + text;
    }

    private static List<RuleInfo> describeRules(KieBase kieBase, List<RuleFile> files) {
        Map<String, String> fileOfRule = new HashMap<>();
        for (RuleFile f : files) {
            Matcher m = RULE_NAME.matcher(f.content());
            while (m.find()) {
                fileOfRule.put(m.group(1), f.name());
            }
        }
        List<RuleInfo> infos = new ArrayList<>();
        for (KiePackage p : kieBase.getKiePackages()) {
            for (Rule r : p.getRules()) {
                infos.add(new RuleInfo(r.getName(), fileOfRule.getOrDefault(r.getName(), "?"), RuleMetadata.of(r)));
            }
        }
        infos.sort(Comparator.comparing(RuleInfo::file).thenComparing(RuleInfo::name));
        return List.copyOf(infos);
    }
}
