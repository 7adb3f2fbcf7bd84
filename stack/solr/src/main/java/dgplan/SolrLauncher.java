package dgplan;

import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Runs a standalone (non-cloud, no ZooKeeper) Solr 9 HTTP server for ckanext-dgplan.
 *
 * <p>Usage: {@code java -cp 'dgplan-solr.jar:lib/*' dgplan.SolrLauncher SOLR_HOME PORT}
 *
 * <p>JettySolrRunner always binds its connector to 127.0.0.1, serves under {@code /solr} and
 * discovers the cores (core.properties) inside SOLR_HOME. Started and stopped by stack/solr.sh.
 */
public final class SolrLauncher {
  private SolrLauncher() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SolrLauncher SOLR_HOME PORT");
      System.exit(2);
    }
    final String home = args[0];
    final int port = Integer.parseInt(args[1]);

    JettyConfig config =
        JettyConfig.builder()
            .setPort(port)
            .setContext("/solr")
            .stopAtShutdown(false) // we stop it ourselves, in order, from the hook below
            .withPortRetryTime(0) // fail at once if the port is taken
            .waitForLoadingCoresToFinish(300_000L)
            .build();
    final JettySolrRunner runner = new JettySolrRunner(home, config);

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("dgplan-solr: stopping");
                  try {
                    runner.stop();
                  } catch (Throwable t) {
                    t.printStackTrace();
                  }
                  System.out.println("dgplan-solr: stopped");
                },
                "dgplan-solr-shutdown"));

    try {
      runner.start();
    } catch (Throwable t) {
      System.err.println("dgplan-solr: failed to start on 127.0.0.1:" + port + ": " + t);
      t.printStackTrace();
      Runtime.getRuntime().halt(1);
    }
    System.out.println(
        "dgplan-solr: up at " + runner.getBaseUrl() + " (home " + home + ", pid "
            + ProcessHandle.current().pid() + ")");
    // Jetty's threads are non-daemon: the JVM lives until SIGTERM runs the hook above.
  }
}
