package org.trustbeat.report.pdf;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.trustbeat.hrv.Metric;
import org.trustbeat.report.HrvCoding;
import org.trustbeat.report.ResultSource;

/**
 * Lays an {@link HrvReport} out on one A4 page with PDFBox: title and record summary, a banner
 * saying what computed the values (red for a simulated enclave, amber for a local analysis of a
 * clear file, green only for a hardware enclave), the metrics in four columns, then the charts
 * (restyled for print: their fonts, background and tick spacing are set here, so charts from any
 * source read alike) drawn at three times the page's resolution, and the notes. Text is real PDF
 * text, so the numbers can be searched and copied.
 *
 * <h2>Security guarantees</h2>
 *
 * None beyond the caller's: the page holds patient data in clear and belongs on the trusted side.
 */
public final class HrvReportPdf {
  private static final float MARGIN = 36;
  private static final float GAP = 6;

  /** Pixels per point of the chart images: 216 dpi, sharp in print and zoomed on screen. */
  private static final int CHART_SCALE = 3;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The four metric columns, in reading order; a metric the report lacks is skipped. */
  private static final List<Column> COLUMNS =
      List.of(
          new Column(
              "Time domain",
              List.of(
                  Metric.SDNN,
                  Metric.RMSSD,
                  Metric.MEAN_NN,
                  Metric.MEDIAN_NN,
                  Metric.SDSD,
                  Metric.PNN50,
                  Metric.NN50,
                  Metric.PNN20,
                  Metric.NN20)),
          new Column(
              "Heart rate, distribution",
              List.of(
                  Metric.MEAN_HR,
                  Metric.MIN_HR,
                  Metric.MAX_HR,
                  Metric.STD_HR,
                  Metric.CVNN,
                  Metric.HTI,
                  Metric.N_NN,
                  Metric.SDANN,
                  Metric.SDNN_INDEX)),
          new Column(
              "Frequency domain (Welch)",
              List.of(
                  Metric.VLF,
                  Metric.LF,
                  Metric.HF,
                  Metric.TOTAL_POWER,
                  Metric.LF_HF,
                  Metric.LF_NU,
                  Metric.HF_NU,
                  Metric.LF_PEAK,
                  Metric.HF_PEAK)),
          new Column(
              "Non-linear",
              List.of(
                  Metric.SD1,
                  Metric.SD2,
                  Metric.SD1_SD2,
                  Metric.SAMPEN,
                  Metric.DFA_A1,
                  Metric.DFA_A2)));

  private record Column(String heading, List<Metric> metrics) {}

  private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

  private HrvReportPdf() {}

  /** Writes the report to {@code out} as a one-page PDF. */
  public static void write(HrvReport report, OutputStream out) throws IOException {
    new HrvReportPdf().render(report, out);
  }

  /** Writes the report to {@code file} as a one-page PDF. */
  public static void write(HrvReport report, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      write(report, out);
    }
  }

  /** The report as the bytes of a one-page PDF, e.g. for a download. */
  public static byte[] toBytes(HrvReport report) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(report, out);
    return out.toByteArray();
  }

  /** A metric's value as the report prints it ({@link HrvCoding#format}); "\u2013" when absent. */
  public static String format(Metric m, Double v) {
    return v == null ? "\u2013" : HrvCoding.format(m, v);
  }

  private void render(HrvReport r, OutputStream out) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle(safe(r.title()));
      info.setCreator("TrustBeat");
      Calendar created = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ROOT);
      created.setTimeInMillis(r.generatedAt().toEpochMilli());
      info.setCreationDate(created);
      float width = page.getMediaBox().getWidth() - 2 * MARGIN;
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        float y = page.getMediaBox().getHeight() - MARGIN;
        y = header(cs, r, y, width);
        y = banner(cs, r.source(), y, width);
        y = metrics(cs, r, y, width);
        float notesHeight = 9.5f * wrapAll(r.notes(), regular, 7.5f, width).size() + 14;
        charts(doc, cs, r.figures(), y, MARGIN + notesHeight, width);
        footer(cs, r, MARGIN + notesHeight - 6, width);
      }
      doc.save(out);
    }
  }

  private float header(PDPageContentStream cs, HrvReport r, float y, float width)
      throws IOException {
    y -= 15;
    text(cs, bold, 15, MARGIN, y, r.title(), Color.BLACK);
    String stamp = "generated " + STAMP.format(r.generatedAt()) + "  \u00b7  HRV-SPEC v2";
    text(
        cs,
        regular,
        7.5f,
        MARGIN + width - regular.getStringWidth(safe(stamp)) / 1000 * 7.5f,
        y,
        stamp,
        Color.DARK_GRAY);
    y -= 16;
    float x = MARGIN;
    for (Map.Entry<String, String> e : r.summary().entrySet()) {
      String label = e.getKey() + " ";
      text(cs, bold, 9, x, y, label, Color.BLACK);
      x += bold.getStringWidth(safe(label)) / 1000 * 9;
      text(cs, regular, 9, x, y, e.getValue(), Color.BLACK);
      x += regular.getStringWidth(safe(e.getValue())) / 1000 * 9 + 14;
    }
    return y - 8;
  }

  /** The trust statement: no reader may take a simulated enclave for hardware protection. */
  private float banner(PDPageContentStream cs, ResultSource s, float y, float width)
      throws IOException {
    boolean local = ResultSource.LOCAL_MODE.equals(s.mode());
    String headline =
        s.hardwareProtected()
            ? "Computed in an SGX enclave with DCAP-verified attestation"
            : local
                ? "LOCAL ANALYSIS OF A CLEAR FILE: no enclave, no attestation"
                : "SIMULATED ENCLAVE: NO HARDWARE PROTECTION";
    Color fill =
        s.hardwareProtected()
            ? new Color(222, 242, 222)
            : local ? new Color(255, 243, 205) : new Color(255, 222, 215);
    Color ink =
        s.hardwareProtected()
            ? new Color(20, 100, 20)
            : local ? new Color(120, 80, 0) : new Color(170, 20, 20);
    List<String> lines = wrap(s.statement(), regular, 7.5f, width - 12);
    float h = 16 + 9 * lines.size();
    cs.setNonStrokingColor(fill);
    cs.setStrokingColor(ink);
    cs.addRect(MARGIN, y - h, width, h);
    cs.fillAndStroke();
    text(cs, bold, 9.5f, MARGIN + 6, y - 12, headline, ink);
    float ly = y - 12;
    for (String line : lines) {
      ly -= 9;
      text(cs, regular, 7.5f, MARGIN + 6, ly, line, ink);
    }
    return y - h - 6;
  }

  private float metrics(PDPageContentStream cs, HrvReport r, float y, float width)
      throws IOException {
    y -= 10;
    text(cs, bold, 9.5f, MARGIN, y, "Metrics: " + r.metricsCaption(), Color.BLACK);
    y -= 4;
    float colWidth = width / COLUMNS.size();
    float bottom = y;
    for (int c = 0; c < COLUMNS.size(); c++) {
      Column col = COLUMNS.get(c);
      float x = MARGIN + c * colWidth;
      float cy = y - 10;
      text(cs, bold, 8, x, cy, col.heading(), new Color(60, 60, 60));
      cs.setStrokingColor(Color.LIGHT_GRAY);
      cs.moveTo(x, cy - 2.5f);
      cs.lineTo(x + colWidth - 8, cy - 2.5f);
      cs.stroke();
      for (Metric m : col.metrics()) {
        if (!r.metrics().containsKey(m)) {
          continue;
        }
        cy -= 10;
        HrvCoding.Coding coding = HrvCoding.of(m);
        text(cs, regular, 8, x, cy, coding.label(), Color.BLACK);
        String v = format(m, r.metrics().get(m));
        float valueRight = x + colWidth * 0.70f;
        text(cs, bold, 8, valueRight - bold.getStringWidth(safe(v)) / 1000 * 8, cy, v, Color.BLACK);
        if (r.metrics().get(m) != null && !"1".equals(coding.ucum()) && !m.isCount()) {
          text(cs, regular, 7, valueRight + 3, cy, coding.unit(), Color.DARK_GRAY);
        }
      }
      bottom = Math.min(bottom, cy);
    }
    return bottom - 8;
  }

  /** Rows of charts between {@code top} and {@code bottom}: wide ones alone, half ones in pairs. */
  private void charts(
      PDDocument doc,
      PDPageContentStream cs,
      List<HrvReport.Figure> figures,
      float top,
      float bottom,
      float width)
      throws IOException {
    List<List<HrvReport.Figure>> rows = new ArrayList<>();
    for (HrvReport.Figure f : figures) {
      List<HrvReport.Figure> last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
      if (!f.wide() && last != null && last.size() == 1 && !last.get(0).wide()) {
        last.add(f);
      } else {
        rows.add(new ArrayList<>(List.of(f)));
      }
    }
    // Half-width rows get more height: a Poincaré plot must stay near square.
    double weights = 0;
    for (List<HrvReport.Figure> row : rows) {
      weights += row.get(0).wide() ? 1.0 : 1.5;
    }
    float avail = top - bottom - GAP * rows.size();
    float y = top;
    for (List<HrvReport.Figure> row : rows) {
      float h = (float) (avail * (row.get(0).wide() ? 1.0 : 1.5) / weights);
      y -= h;
      float w = row.get(0).wide() ? width : (width - GAP) / 2;
      for (int i = 0; i < row.size(); i++) {
        draw(doc, cs, row.get(i).chart(), MARGIN + i * (w + GAP), y, w, h);
      }
      y -= GAP;
    }
  }

  /**
   * The page's look for any chart, whoever built it: print-sized fonts (XChart's defaults are for a
   * screen-sized image and crowd out a chart a few inches wide), white background, small markers,
   * and ticks close enough for round values (0.1 Hz, whole hours) to get a label.
   */
  private static void restyle(Chart<?, ?> chart, float width) {
    Styler st = chart.getStyler();
    st.setChartBackgroundColor(Color.WHITE);
    st.setChartPadding(4);
    st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 9));
    st.setChartTitlePadding(3);
    st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 7));
    st.setLegendPadding(3);
    st.setLegendSeriesLineLength(14);
    st.setMarkerSize(3);
    if (st instanceof AxesChartStyler a) {
      a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 8));
      a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 7));
      a.setAxisTitlePadding(3);
      // About 8 ticks across the page, 5 across half of it: whole hours on a day's axis.
      a.setXAxisTickMarkSpacingHint(width > 300 ? 60 : 42);
      a.setYAxisTickMarkSpacingHint(28);
      a.setPlotBorderColor(Color.GRAY);
    }
  }

  private static void draw(
      PDDocument doc, PDPageContentStream cs, Chart<?, ?> chart, float x, float y, float w, float h)
      throws IOException {
    restyle(chart, w);
    int pw = Math.round(w);
    int ph = Math.round(h);
    BufferedImage img =
        new BufferedImage(pw * CHART_SCALE, ph * CHART_SCALE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.scale(CHART_SCALE, CHART_SCALE);
      chart.paint(g, pw, ph);
    } finally {
      g.dispose();
    }
    PDImageXObject image = LosslessFactory.createFromImage(doc, img);
    cs.drawImage(image, x, y, w, h);
  }

  private void footer(PDPageContentStream cs, HrvReport r, float y, float width)
      throws IOException {
    for (String line : wrapAll(r.notes(), regular, 7.5f, width)) {
      text(cs, regular, 7.5f, MARGIN, y, line, Color.DARK_GRAY);
      y -= 9.5f;
    }
    text(
        cs,
        regular,
        7,
        MARGIN,
        MARGIN - 14,
        "TrustBeat HRV report  \u00b7  page 1 of 1",
        Color.GRAY);
  }

  private void text(
      PDPageContentStream cs, PDType1Font font, float size, float x, float y, String s, Color color)
      throws IOException {
    cs.beginText();
    cs.setNonStrokingColor(color);
    cs.setFont(font, size);
    cs.newLineAtOffset(x, y);
    cs.showText(safe(s));
    cs.endText();
  }

  private List<String> wrapAll(List<String> texts, PDType1Font font, float size, float width)
      throws IOException {
    List<String> lines = new ArrayList<>();
    for (String t : texts) {
      lines.addAll(wrap(t, font, size, width));
    }
    return lines;
  }

  private static List<String> wrap(String text, PDType1Font font, float size, float width)
      throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : safe(text).split(" ")) {
      String candidate = line.length() == 0 ? word : line + " " + word;
      if (line.length() > 0 && font.getStringWidth(candidate) / 1000 * size > width) {
        lines.add(line.toString());
        line = new StringBuilder(word);
      } else {
        line = new StringBuilder(candidate);
      }
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  /**
   * The text in the standard fonts' WinAnsi encoding: the few characters it lacks are spelled out
   * (a report must not fail on a Greek letter in a label).
   */
  static String safe(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\u2264' -> sb.append("<=");
        case '\u2265' -> sb.append(">=");
        case '\u03b1' -> sb.append("alpha");
        case '\u2013', '\u2014', '\u2022' -> sb.append(ch);
        default -> sb.append(ch < 0x20 ? ' ' : ch < 0x7f || (ch >= 0xa0 && ch <= 0xff) ? ch : '?');
      }
    }
    return sb.toString();
  }
}
