package org.thplab.launcher.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the report: the static page ({@code report.html}, {@code report.js}, ECharts from its
 * webjar, all bundled in this package) with the run's model embedded as one JSON blob, so the
 * file opens in any browser without a network.
 */
public final class ReportPage {
    private ReportPage() {
    }

    /** The page for {@code model}, as one string of HTML. */
    static String html(ReportModel model) {
        String page = resource("report.html");
        // Last marker first: each fill finds its marker before any text already put in, so a script
        // line that happens to read "@ECHARTS@" stays text.
        String withJs = fill(page, "@REPORT_JS@", resource("report.js"));
        String withCharts = fill(withJs, "@ECHARTS@", inScript(resource("echarts.min.js")));
        return fill(withCharts, "@MODEL@", ReportJson.of(model));
    }

    /** Writes the page for the recorded run to {@code file}. */
    public static void write(ReportRecorder recorder, String script, int exitStatus, Path file) throws IOException {
        Files.writeString(file, html(recorder.model(script, exitStatus)), StandardCharsets.UTF_8);
    }

    private static String fill(String page, String marker, String content) {
        int at = page.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("report.html has no " + marker);
        }
        return page.substring(0, at) + content + page.substring(at + marker.length());
    }

    /** Script text that cannot close its element early. */
    private static String inScript(String js) {
        return js.replace("</script", "<\\/script");
    }

    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the launcher was built without its report resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
