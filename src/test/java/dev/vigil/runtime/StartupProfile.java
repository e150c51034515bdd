package dev.vigil.runtime;

import dev.vigil.engine.Detector;
import dev.vigil.engine.Placeholders;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.mapping.MappingLoader;
import dev.vigil.rules.yaml.SafeYaml;
import dev.vigil.rules.yaml.YamlLimits;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where loading rules goes, phase by phase, in one fresh JVM (as at start-up: the JIT cold): listing and reading the
 * files, YAML alone, YAML and the rule parser, building the rule set, compiling the detector. Prints
 * {@code name: value} lines (CPU time of the thread, wall time, in ms). Usage: {@code StartupProfile FOLDER...}.
 */
public final class StartupProfile {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private StartupProfile() {
    }

    public static void main(String[] args) throws Exception {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        List<Path> files = new ArrayList<>();
        for (String folder : args) {
            try (Stream<Path> walk = Files.walk(Path.of(folder))) {
                walk.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".yml"))
                        .sorted(Comparator.comparing(Path::toString)).forEach(files::add);
            }
        }
        List<String> texts = new ArrayList<>();
        long bytes = 0;
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            bytes += content.length;
            texts.add(new String(content, StandardCharsets.UTF_8));
        }
        long[] mark = report("list_and_read", cpu, wall);
        System.out.printf("files: %d%nbytes: %d%n", files.size(), bytes);
        boolean yamlFirst = !Boolean.getBoolean("skipYaml");
        if (yamlFirst) {
            SafeYaml yaml = new SafeYaml(YamlLimits.RULES);
            int documents = 0;
            for (String text : texts) {
                documents += yaml.parseAll(text).size();
            }
            System.out.printf("documents: %d%n", documents);
            mark = report("yaml_only_cold", mark[0], mark[1]);
        }
        RuleLoader loader = new RuleLoader();
        for (int i = 0; i < texts.size(); i++) {
            loader.addText(files.get(i).toString(), texts.get(i));
        }
        mark = report(yamlFirst ? "yaml_and_parse_after_yaml_warm" : "yaml_and_parse_cold", mark[0], mark[1]);
        RuleSet rules = loader.build();
        mark = report("build", mark[0], mark[1]);
        var mapping = new MappingLoader().addBuiltIn().build();
        mark = report("mapping", mark[0], mark[1]);
        Detector.Compilation compilation = Detector.compile(rules, mapping, Placeholders.NONE);
        System.out.printf("rules: %d%n", compilation.detector().ruleCount());
        report("compile", mark[0], mark[1]);
    }

    private static long[] report(String phase, long cpu, long wall) {
        long nowCpu = THREADS.getCurrentThreadCpuTime();
        long nowWall = System.nanoTime();
        System.out.printf("%s_cpu_ms: %.0f%n%s_wall_ms: %.0f%n", phase, (nowCpu - cpu) / 1e6, phase, (nowWall - wall) / 1e6);
        return new long[] {nowCpu, nowWall};
    }
}
