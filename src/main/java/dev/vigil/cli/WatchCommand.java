package dev.vigil.cli;

import dev.vigil.engine.Detection;
import dev.vigil.ingest.UnknownInputFormatException;
import dev.vigil.ingest.source.FileTail;
import dev.vigil.ingest.source.StreamSource;
import dev.vigil.rules.RuleProblem;
import dev.vigil.runtime.DetectionSink;
import dev.vigil.runtime.RuleCatalog;
import dev.vigil.runtime.Watch;
import dev.vigil.runtime.WatchConfig;
import dev.vigil.runtime.output.TableOutput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code vigil watch}: follow live sources, alert as events come, checkpoint durably. */
@Command(name = "watch", sortOptions = false,
        description = "Follow log files (and standard input) in real time, run the rules and correlations, alert, "
                + "and checkpoint so that a restart neither loses nor repeats an alert.")
final class WatchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The watch configuration (YAML; see docs/watch.md).")
    Path config;

    @Option(names = "--poll", paramLabel = "MILLIS", description = "Pause between polls of idle files (default: 200).")
    long pollMillis = 200;

    @CommandLine.Mixin
    CatalogOptions catalogOptions = new CatalogOptions();

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        WatchConfig settings;
        try {
            settings = WatchConfig.load(config);
        } catch (WatchConfig.ConfigException e) {
            throw new UserException(e.getMessage());
        }
        List<FileTail.Pattern> files = new ArrayList<>();
        WatchConfig.StdinSource stdin = null;
        List<WatchConfig.ReceiverSource> receivers = new ArrayList<>();
        for (WatchConfig.Source source : settings.sources()) {
            if (source instanceof WatchConfig.FileSource file) {
                files.add(new FileTail.Pattern(file.glob(), file.format()));
            } else if (source instanceof WatchConfig.StdinSource in) {
                stdin = in;
            } else if (source instanceof WatchConfig.ReceiverSource receiver) {
                receivers.add(receiver);
            }
        }
        RuleCatalog catalog;
        try {
            catalog = RuleCatalog.load(new RuleCatalog.Options(settings.rulePaths(), settings.builtIn(),
                    catalogOptions.mappings, catalogOptions.placeholders, CatalogOptions.ruleCache()));
        } catch (RuleCatalog.CatalogException e) {
            throw new UserException(e.getMessage());
        }
        for (RuleProblem problem : catalog.problems().stream().filter(RuleProblem::isError).toList()) {
            err.println("rule not loaded: " + problem);
        }
        if (catalog.detector().ruleCount() == 0) {
            throw new UserException("no rule can run (" + catalog.rejected() + " rejected); check 'rules' in " + config);
        }
        dev.vigil.ingest.source.Metrics metrics = new dev.vigil.ingest.source.Metrics();
        List<DetectionSink> detectionSinks = new ArrayList<>();
        if (settings.console()) {
            detectionSinks.add(dev.vigil.runtime.WatchMetrics.counted("console", consoleSink(), metrics));
        }
        List<dev.vigil.respond.AlertSink> alertSinks = new ArrayList<>();
        if (settings.webhook() != null) {
            try {
                alertSinks.add(dev.vigil.runtime.WatchMetrics.counted("webhook", new dev.vigil.respond.WebhookSink(
                        dev.vigil.respond.WebhookSink.Options.of(settings.webhook().url(), settings.webhook().spool())), metrics));
            } catch (IOException e) {
                throw new UserException(config + ":" + settings.webhook().line() + ": webhook spool: " + e.getMessage());
            }
        }
        if (settings.syslog() != null) {
            java.net.InetSocketAddress target;
            try {
                target = dev.vigil.runtime.Receivers.address(settings.syslog().target(), config + ":" + settings.syslog().line());
            } catch (dev.vigil.runtime.Receivers.SettingException e) {
                throw new UserException(e.getMessage().replace("'listen'", "'target'"));
            }
            alertSinks.add(dev.vigil.runtime.WatchMetrics.counted("syslog", new dev.vigil.respond.SyslogSink(
                    new dev.vigil.respond.SyslogSink.Options(settings.syslog().protocol().equals("tcp")
                            ? dev.vigil.respond.SyslogSink.Transport.TCP : dev.vigil.respond.SyslogSink.Transport.UDP,
                            target, 13, localHostName()), Clock.systemUTC()), metrics));
        }
        dev.vigil.runtime.AlertSinks live = new dev.vigil.runtime.AlertSinks(detectionSinks, alertSinks);
        DetectionSink console = live.isEmpty() ? null : live;
        Watch watch = new Watch(catalog.detector(), catalog.rules().correlations(), Clock.systemUTC(),
                new Watch.Options(files, settings.state(), settings.jsonl(), settings.console(), settings.suppress(),
                        settings.lateness()), console);
        for (WatchConfig.Source source : settings.sources()) {
            String format = source instanceof WatchConfig.FileSource f ? f.format()
                    : source instanceof WatchConfig.StdinSource s ? s.format() : null;
            if (format != null) {
                try {
                    watch.formats().byName(format);
                } catch (UnknownInputFormatException e) {
                    throw new UserException(config + ":" + source.line() + ": " + e.getMessage());
                }
                if (format.equals("evtx")) {
                    throw new UserException(config + ":" + source.line() + ": watch cannot follow EVTX files (binary, "
                            + "written in chunks, not lines); hunt them with 'vigil hunt', or forward their events as JSON");
                }
            }
        }
        watch.onNotice(notice -> {
            err.println("vigil: " + notice);
            err.flush();
        });
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true); // SIGTERM or Ctrl-C: the loop checkpoints once more and returns
            try {
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vigil-watch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (!receivers.isEmpty()) {
            watch.spoolNetwork(settings.spoolMaxBytes());
        }
        dev.vigil.runtime.WatchMetrics.register(metrics, watch, Clock.systemUTC());
        try (watch; Operations operations = new Operations(settings, metrics)) {
            try {
                watch.start();
            } catch (dev.vigil.runtime.Checkpoint.CorruptException e) {
                throw new UserException(e.getMessage() + " (move the state folder aside to start afresh)");
            }
            operations.serveMetrics(err);
            for (WatchConfig.ReceiverSource receiver : receivers) {
                try {
                    dev.vigil.runtime.Receivers.Started started = operations.network.start(receiver,
                            watch.network().withFormat(receiver.format()), config + ":" + receiver.line());
                    err.printf(Locale.ROOT, "listening: %s (port %d)%n", started.source(), started.port());
                } catch (dev.vigil.runtime.Receivers.SettingException e) {
                    throw new UserException(e.getMessage());
                } catch (java.net.BindException e) {
                    throw new UserException(config + ":" + receiver.line() + ": cannot listen: " + e.getMessage());
                }
            }
            err.printf(Locale.ROOT, "watching %d file pattern(s)%s, %d rules; state in %s%n", files.size(),
                    stdin == null ? "" : " and standard input", catalog.detector().ruleCount(), settings.state());
            err.flush();
            if (stdin != null) {
                WatchConfig.StdinSource in = stdin;
                Thread reader = new Thread(() -> {
                    try {
                        new StreamSource(System.in, "stdin", in.format(), watch).run();
                    } catch (IOException e) {
                        err.println("vigil: standard input: " + e.getMessage());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (files.isEmpty() && receivers.isEmpty()) {
                        stop.set(true); // a finite source: the watch ends with it, as a hunt does
                    }
                }, "vigil-stdin");
                reader.setDaemon(true);
                reader.start();
            }
            try {
                watch.run(stop, Duration.ofMillis(Math.max(1, pollMillis)));
            } catch (dev.vigil.runtime.Checkpoint.CorruptException e) {
                throw new UserException(e.getMessage()); // a corrupt spool segment met while reading it
            }
            if (files.isEmpty() && receivers.isEmpty()) {
                watch.finish();
            }
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already (SIGTERM): the hook is running and now returns
            }
        }
        Watch.Counts counts = watch.counts();
        err.printf(Locale.ROOT, "%d records, %d events, %d detections, %d alerts (%d suppressed, %d late for "
                        + "correlations), %d input problems, %d checkpoints%n", counts.records(), counts.events(),
                counts.detections(), counts.alerts(), counts.suppressed(), counts.late(), counts.problems(),
                counts.checkpoints());
        CorrelationSummary.print(err, catalog.rules().correlations().size(), watch.correlationCounts());
        err.flush();
        return ExitCodes.OK;
    }

    /**
     * The network side of a watch: the receivers (which deliver into the watch's write-ahead spool, the one bound on
     * what waits) and the {@code metrics.listen} endpoint. Closing stops the receivers, then the endpoint; what the
     * receivers spooled and the pipeline has not processed yet is on disk and processed after the next start.
     */
    private final class Operations implements AutoCloseable {
        final dev.vigil.runtime.Receivers network;
        private final WatchConfig settings;
        private final dev.vigil.ingest.source.Metrics metrics;
        private dev.vigil.ingest.source.MetricsServer server;

        Operations(WatchConfig settings, dev.vigil.ingest.source.Metrics metrics) {
            this.settings = settings;
            this.metrics = metrics;
            this.network = new dev.vigil.runtime.Receivers(metrics);
        }

        void serveMetrics(PrintWriter err) {
            String listen = settings.operations().metricsListen();
            if (listen == null) {
                return;
            }
            String where = config + ":" + settings.operations().line();
            try {
                server = new dev.vigil.ingest.source.MetricsServer(dev.vigil.runtime.Receivers.address(listen, where), metrics);
            } catch (dev.vigil.runtime.Receivers.SettingException e) {
                throw new UserException(e.getMessage().replace("'listen'", "'metrics.listen'"));
            } catch (IOException e) {
                throw new UserException(where + ": cannot serve metrics on " + listen + ": " + e.getMessage());
            }
            err.printf(Locale.ROOT, "metrics: http://%s:%d/metrics%n", listen.substring(0, listen.lastIndexOf(':')), server.port());
        }

        @Override
        public void close() throws IOException {
            try {
                network.close();
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        }
    }

    private static String localHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "-";
        }
    }

    /**
     * The console table. Rows are gathered and written to standard output by {@link java.io.Flushable#flush} in one
     * write, which the watch calls once a checkpoint covers them: a kill cannot cut a batch of rows in the middle.
     */
    private static DetectionSink consoleSink() {
        java.io.StringWriter buffer = new java.io.StringWriter();
        java.io.FileOutputStream stdout = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        TableOutput table = new TableOutput(buffer, false, 120);
        final class Console implements DetectionSink, java.io.Flushable {
            @Override
            public void accept(Detection detection) throws IOException {
                table.accept(detection);
            }

            @Override
            public void flush() throws IOException {
                StringBuffer text = buffer.getBuffer();
                if (text.length() > 0) {
                    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                    text.setLength(0);
                    stdout.write(bytes);
                }
            }

            @Override
            public void close() throws IOException {
                table.close();
                flush();
            }
        }
        return new Console();
    }
}
