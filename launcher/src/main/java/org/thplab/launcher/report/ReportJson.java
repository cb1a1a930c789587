package org.thplab.launcher.report;

import java.util.List;
import java.util.Map;
import org.thplab.mm.PmdExtent;

/**
 * The {@link ReportModel} as the JSON the page's script reads. Field names are short where they
 * repeat per extent run; the page's {@code report.js} is their one reader.
 */
final class ReportJson {
    private final StringBuilder sb = new StringBuilder(1 << 16);

    private ReportJson() {
    }

    /** The model as JSON, safe to embed in a {@code <script>} element ({@code </} is escaped). */
    static String of(ReportModel m) {
        ReportJson j = new ReportJson();
        j.model(m);
        return j.sb.toString();
    }

    private void model(ReportModel m) {
        sb.append("{\"script\":");
        str(m.script());
        sb.append(",\"arch\":");
        str(m.arch());
        sb.append(",\"pageSize\":").append(m.pageSize()).append(",\"pmdSize\":").append(m.pmdSize())
                .append(",\"exitStatus\":").append(m.exitStatus()).append(",\"steps\":[");
        for (int i = 0; i < m.steps().size(); i++) {
            sb.append(i == 0 ? "" : ",");
            step(m.steps().get(i));
        }
        sb.append("],\"strips\":[");
        for (int i = 0; i < m.strips().size(); i++) {
            sb.append(i == 0 ? "" : ",");
            strip(m.strips().get(i));
        }
        sb.append("],\"meminfo\":");
        series(m.meminfo());
        sb.append(",\"vmstat\":");
        series(m.vmstat());
        sb.append('}');
    }

    private void step(ReportModel.StepAt s) {
        sb.append("{\"line\":").append(s.line()).append(",\"text\":");
        str(s.text());
        sb.append(",\"out\":");
        strings(s.out());
        sb.append(",\"err\":");
        strings(s.err());
        sb.append(",\"regions\":[");
        for (int i = 0; i < s.regions().size(); i++) {
            ReportModel.RegionAt r = s.regions().get(i);
            sb.append(i == 0 ? "{\"p\":" : ",{\"p\":");
            str(r.process());
            sb.append(",\"r\":");
            str(r.name());
            sb.append(",\"start\":").append(r.start()).append(",\"length\":").append(r.length())
                    .append(",\"strip\":").append(r.strip())
                    .append(",\"smaps\":{\"Size\":").append(r.smaps().size() >> 10)
                    .append(",\"Rss\":").append(r.smaps().rss() >> 10)
                    .append(",\"Anonymous\":").append(r.smaps().anonymous() >> 10)
                    .append(",\"AnonHugePages\":").append(r.smaps().anonHugePages() >> 10)
                    .append(",\"ShmemPmdMapped\":").append(r.smaps().shmemPmdMapped() >> 10).append("}}");
        }
        sb.append("]}");
    }

    private void strip(Strip s) {
        sb.append("{\"extents\":").append(s.extents()).append(",\"runs\":[");
        List<ExtentRun> runs = s.runs();
        for (int i = 0; i < runs.size(); i++) {
            ExtentRun r = runs.get(i);
            PmdExtent e = r.first();
            sb.append(i == 0 ? "" : ",").append("{\"o\":").append(r.offset()).append(",\"l\":").append(r.length())
                    .append(",\"n\":").append(r.count()).append(",\"k\":\"").append(e.kind().name())
                    .append("\",\"c\":\"").append(e.kind().layoutChar()).append("\",\"present\":").append(e.present())
                    .append(",\"pfn\":[").append(e.firstPfn()).append(',').append(r.lastPfn())
                    .append("],\"mapcount\":[").append(e.minMapcount()).append(',').append(e.maxMapcount())
                    .append("],\"compoundMapcount\":").append(e.compoundMapcount())
                    .append(",\"teamUsage\":").append(e.teamUsage()).append(",\"refcount\":").append(e.refcount())
                    .append(",\"vma\":");
            str(e.vma());
            // Physical addresses may pass 2^53, beyond what a JavaScript number holds exactly.
            sb.append(",\"pmdTable\":").append(e.pmdTable() < 0 ? "null" : "\"0x" + Long.toHexString(e.pmdTable()) + "\"")
                    .append(",\"deposited\":").append(e.deposited())
                    .append('}');
        }
        sb.append("]}");
    }

    private void series(Map<String, long[]> series) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, long[]> e : series.entrySet()) {
            sb.append(first ? "" : ",");
            first = false;
            str(e.getKey());
            sb.append(":[");
            long[] v = e.getValue();
            for (int i = 0; i < v.length; i++) {
                sb.append(i == 0 ? "" : ",").append(v[i]);
            }
            sb.append(']');
        }
        sb.append('}');
    }

    private void strings(List<String> list) {
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            sb.append(i == 0 ? "" : ",");
            str(list.get(i));
        }
        sb.append(']');
    }

    /** A JSON string; '<' and '>' escaped too, so no text can end the script element. */
    private void str(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '<' -> sb.append("\\u003c");
                case '>' -> sb.append("\\u003e");
                case '&' -> sb.append("\\u0026");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
