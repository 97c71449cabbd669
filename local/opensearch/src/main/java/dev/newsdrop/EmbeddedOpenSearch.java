package dev.newsdrop;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * One real OpenSearch 2.19 node in this JVM, for the local stack and the tests, with the k-NN plugin
 * (Lucene engine only: the Maven Central zip carries no native libraries).
 *
 * <pre>
 * java -Xms512m -Xmx1g -cp target/classes:target/dependency/* dev.newsdrop.EmbeddedOpenSearch \
 *     --base .local/opensearch/default [--host 127.0.0.1] [--port 9200] [--transport-port 9300-9399] \
 *     [--node-name NAME] [--seed-hosts HOST:PORT,...] [--initial-cluster-managers NAME,...] [--exit-with-parent]
 * </pre>
 *
 * Without --seed-hosts the node is a cluster of its own ({@code discovery.type: single-node}). With them
 * it is one node of a cluster: each node runs in its own JVM with its own base path, finds the others
 * on their transport ports, and the first time the cluster forms the named nodes elect a cluster manager.
 *
 * Data, config and logs live under the base path (node_1/data, node_1/logs/newsdrop.log); stdout gets
 * one line, {@code OPENSEARCH_READY http://host:port}, once the node has started (a single node: once
 * it is yellow or green). SIGTERM and
 * SIGINT close the node cleanly through a shutdown hook.
 */
public final class EmbeddedOpenSearch {

    static final String CLUSTER_NAME = "newsdrop";

    /** File-only logging: the runner's default config also logs everything to the console. */
    private static final String LOG4J2_PROPERTIES = String.join("\n",
            "status = error",
            "appender.file.type = RollingFile",
            "appender.file.name = file",
            "appender.file.fileName = ${sys:opensearch.logs.base_path}/${sys:opensearch.logs.cluster_name}.log",
            "appender.file.filePattern = ${sys:opensearch.logs.base_path}/${sys:opensearch.logs.cluster_name}-%i.log.gz",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] %m%n",
            "appender.file.policies.type = Policies",
            "appender.file.policies.size.type = SizeBasedTriggeringPolicy",
            "appender.file.policies.size.size = 32MB",
            "appender.file.strategy.type = DefaultRolloverStrategy",
            "appender.file.strategy.max = 2",
            "rootLogger.level = info",
            "rootLogger.appenderRef.file.ref = file",
            // Deprecation warnings still reach clients as HTTP Warning headers; keep them out of the log.
            "appender.header_warning.type = HeaderWarningAppender",
            "appender.header_warning.name = header_warning",
            "logger.deprecation.name = org.opensearch.deprecation",
            "logger.deprecation.level = deprecation",
            "logger.deprecation.appenderRef.header_warning.ref = header_warning",
            "logger.deprecation.additivity = false",
            "");

    private EmbeddedOpenSearch() {
    }

    public static void main(final String[] argv) throws Exception {
        // OpenSearch's log setup re-points System.out/err into the log file; keep the real ones.
        final PrintStream out = System.out;
        final PrintStream err = System.err;
        final Map<String, String> args = parse(argv);
        final String base = args.get("base");
        if (base == null) {
            System.err.println("usage: EmbeddedOpenSearch --base PATH [--host 127.0.0.1] [--port 9200]"
                    + " [--transport-port 9300-9399] [--node-name NAME] [--seed-hosts HOST:PORT,...]"
                    + " [--initial-cluster-managers NAME,...] [--exit-with-parent]");
            System.exit(2);
        }
        final String host = args.getOrDefault("host", "127.0.0.1");
        final int port = Integer.parseInt(args.getOrDefault("port", "9200"));
        final String transportPort = args.getOrDefault("transport-port", "9300-9399");
        final String nodeName = args.getOrDefault("node-name", CLUSTER_NAME + "-" + port);
        final String seedHosts = args.get("seed-hosts");
        final String initialManagers = args.getOrDefault("initial-cluster-managers", nodeName);

        // As the OpenSearch distribution does: no log4j shutdown hook, so closing the node can still log.
        System.setProperty("log4j.shutdownHookEnabled", "false");
        System.setProperty("log4j2.disable.jmx", "true");
        System.setProperty("log4j2.formatMsgNoLookups", "true");
        System.setProperty("java.awt.headless", "true");

        // The runner copies its own config only where none exists, so ours wins (node 1 of 1).
        final Path confDir = Paths.get(base, "node_1", "config");
        Files.createDirectories(confDir);
        Files.writeString(confDir.resolve("log4j2.properties"), LOG4J2_PROPERTIES, StandardCharsets.UTF_8);

        final OpenSearchRunner runner = new OpenSearchRunner();
        runner.setMaxHttpPort(-1); // we give the port; don't probe 9201.. for a free one
        final CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (final IOException | RuntimeException e) {
                err.println("closing OpenSearch failed: " + e);
            } finally {
                closed.countDown();
            }
        }, "newsdrop-opensearch-shutdown"));

        if (args.containsKey("exit-with-parent")) {
            // If the Python process that started us dies without stopping us, don't linger on the port.
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        }

        try {
            runner.onBuild((index, settings) -> {
                settings.put("network.host", host);
                settings.put("http.port", String.valueOf(port));
                settings.put("transport.port", transportPort);
                settings.put("node.name", nodeName);
                if (seedHosts == null) {
                    settings.put("discovery.type", "single-node");
                } else {
                    settings.putList("discovery.seed_hosts", seedHosts.split(","));
                    settings.putList("cluster.initial_cluster_manager_nodes", initialManagers.split(","));
                }
                settings.putList("node.roles", "cluster_manager", "data", "ingest");
                // A nearly full laptop disk must not turn indices read-only.
                settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
            }).build(OpenSearchRunner.newConfigs()
                    .basePath(base)
                    .numOfNode(1)
                    .clusterName(CLUSTER_NAME)
                    .pluginTypes("org.opensearch.knn.plugin.KNNPlugin")
                    .useLogger()
                    .printOnFailure());
            if (seedHosts == null) {
                // A cluster's node cannot wait here: its health waits for the other JVMs, which the
                // caller starts and waits for (the runner's health request would time out first).
                runner.ensureYellow();
            }
        } catch (final Throwable t) {
            t.printStackTrace(err);
            Throwable cause = t;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            // Last, so the tail Python shows starts from the root cause.
            err.println("OpenSearch failed to start: " + cause + " (log: " + Paths.get(base, "node_1", "logs") + ")");
            System.exit(1);
        }

        out.println("OPENSEARCH_READY http://" + host + ":" + port);
        out.flush();
        closed.await();
    }

    private static Map<String, String> parse(final String[] argv) {
        final Map<String, String> args = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + argv[i]);
            }
            final String key = argv[i].substring(2);
            if (key.equals("exit-with-parent")) {
                args.put(key, "true");
            } else if (i + 1 < argv.length) {
                args.put(key, argv[++i]);
            } else {
                throw new IllegalArgumentException("missing value for " + argv[i]);
            }
        }
        return args;
    }
}
