package dev.hvsock.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The chart of a bench run, drawn with Java2D (headless): on top, every contender's speed relative to
 * the JDK per scenario (higher is better, whatever the unit); below, select-and-ping cost against the
 * number of idle channels (log scales).
 */
final class Chart {
    private static final int WIDTH = 1600;
    private static final int HEIGHT = 1000;
    private static final double CLIP = 3.0;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0x7f7f7f), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x9467bd)};

    private Chart() {
    }

    static void draw(Results results, List<String> contenders, Path file, String machine,
                     List<Report.Target> targets) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("hvsock-nio vs the JDK, junixsocket and C on AF_UNIX stream sockets", 20, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(machine, 20, 46);
        legend(g, contenders, 20, 58);
        relativeBars(g, results, contenders, 70, 110, WIDTH - 140, 600);
        selectorLines(g, results, contenders, 90, 650, 680, HEIGHT - 60);
        targetList(g, targets, 760, 650, WIDTH - 20);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void legend(Graphics2D g, List<String> contenders, int x, int y) {
        for (int i = 0; i < contenders.size(); i++) {
            g.setColor(COLORS[i % COLORS.length]);
            g.fillRect(x + i * 150, y, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(contenders.get(i), x + i * 150 + 20, y + 12);
        }
    }

    /** One group of bars per metric (carrier counts and allocations left out): speed relative to the JDK. */
    private static void relativeBars(Graphics2D g, Results results, List<String> contenders, int left, int top,
                                     int right, int bottom) {
        List<Results.Metric> metrics = new ArrayList<>();
        for (Results.Metric m : results.metrics()) {
            if (!m.id().endsWith(".alloc") && !m.id().equals("vthreads.carriers")
                    && !Double.isNaN(Results.median(results.samples(m, Report.JDK)))) {
                metrics.add(m);
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Speed relative to the JDK's UNIX channels (higher is better; 1.0 = JDK; bars clipped at "
                + CLIP + ")", left, top - 2);
        int plotTop = top + 10;
        int plotBottom = bottom - 130;
        double scale = (plotBottom - plotTop) / CLIP;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double v = 0; v <= CLIP + 1e-9; v += 0.5) {
            int y = (int) (plotBottom - v * scale);
            g.setColor(v == 1.0 ? Color.BLACK : new Color(0xdddddd));
            g.setStroke(new BasicStroke(v == 1.0 ? 1.5f : 1f));
            g.drawLine(left, y, right, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.1f", v), left - 30, y + 4);
        }
        if (metrics.isEmpty()) {
            return;
        }
        double groupWidth = (right - left) / (double) metrics.size();
        double barWidth = Math.min(22, (groupWidth - 8) / contenders.size());
        for (int i = 0; i < metrics.size(); i++) {
            Results.Metric m = metrics.get(i);
            double jdk = Results.median(results.samples(m, Report.JDK));
            double x0 = left + i * groupWidth + (groupWidth - barWidth * contenders.size()) / 2;
            for (int k = 0; k < contenders.size(); k++) {
                double v = Results.median(results.samples(m, contenders.get(k)));
                if (Double.isNaN(v) || v == 0) {
                    continue;
                }
                double speed = m.higherIsBetter() ? v / jdk : jdk / v;
                int h = (int) (Math.min(speed, CLIP) * scale);
                int x = (int) (x0 + k * barWidth);
                g.setColor(COLORS[k % COLORS.length]);
                g.fillRect(x, plotBottom - h, (int) barWidth - 2, h);
                g.setColor(Color.BLACK);
                if (speed > CLIP || speed < 0.2) {
                    g.drawString(String.format(Locale.ROOT, "%.2g", speed), x - 2, plotBottom - h - 3);
                }
            }
            AffineTransform saved = g.getTransform();
            g.translate(left + i * groupWidth + groupWidth / 2, plotBottom + 8);
            g.rotate(Math.toRadians(35));
            g.setColor(Color.BLACK);
            g.drawString(shortName(m), 0, 0);
            g.setTransform(saved);
        }
    }

    private static String shortName(Results.Metric m) {
        return switch (m.id()) {
            case "bulk.direct" -> "bulk, direct";
            case "bulk.heap" -> "bulk, heap";
            case "pingpong.blocking.median" -> "ping-pong blocking p50";
            case "pingpong.blocking.p99" -> "ping-pong blocking p99";
            case "pingpong.selector.median" -> "ping-pong selector p50";
            case "pingpong.selector.p99" -> "ping-pong selector p99";
            case "many" -> "1000 conns, 1 selector";
            case "connect" -> "connect+accept+close";
            case "vthreads" -> "virtual threads";
            default -> m.id().startsWith("select.") ? "select+ping, " + m.id().substring(7) + " idle"
                    : m.id().startsWith("jmh.") ? "JMH w+r, " + m.id().substring(4).replace('.', ' ') : m.id();
        };
    }

    /** The targets of issue 7, each with its measured ratio and whether it is met. */
    private static void targetList(Graphics2D g, List<Report.Target> targets, int left, int top, int right) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Targets (hvsock-nio)", left, top - 8);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int y = top + 12;
        for (Report.Target t : targets) {
            boolean known = !Double.isNaN(t.value());
            g.setColor(!known ? Color.GRAY : t.met() ? new Color(0x1a7f37) : new Color(0xc62828));
            g.drawString(!known ? "n/a" : t.met() ? "met" : "MISSED", left, y);
            g.setColor(Color.BLACK);
            String text = t.shown() + "   " + t.what();
            var metrics = g.getFontMetrics();
            int width = right - left - 60;
            if (metrics.stringWidth(text) > width) {
                while (text.length() > 1 && metrics.stringWidth(text + "…") > width) {
                    text = text.substring(0, text.length() - 1);
                }
                text += "…";
            }
            g.drawString(text, left + 60, y);
            y += 17;
        }
    }

    /** Select-and-ping nanoseconds against idle channels, log-log; flat is O(ready). */
    private static void selectorLines(Graphics2D g, Results results, List<String> contenders, int left, int top,
                                      int right, int bottom) {
        List<Integer> levels = new ArrayList<>();
        for (Results.Metric m : results.metrics()) {
            if (m.id().startsWith("select.")) {
                levels.add(Integer.parseInt(m.id().substring(7)));
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Select-and-ping cost (ns, log) vs idle channels registered (log)", left, top - 8);
        if (levels.size() < 2) {
            return;
        }
        double minV = Double.MAX_VALUE;
        double maxV = 0;
        for (int level : levels) {
            for (String c : contenders) {
                double v = results.median("select." + level, c);
                if (!Double.isNaN(v) && v > 0) {
                    minV = Math.min(minV, v);
                    maxV = Math.max(maxV, v);
                }
            }
        }
        double logMin = Math.floor(Math.log10(minV));
        double logMax = Math.max(logMin + 1, Math.ceil(Math.log10(maxV)));
        double xMin = Math.log10(levels.get(0));
        double xMax = Math.log10(levels.get(levels.size() - 1));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double d = logMin; d <= logMax; d++) {
            int y = (int) (bottom - (d - logMin) / (logMax - logMin) * (bottom - top));
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, right, y);
            g.setColor(Color.BLACK);
            g.drawString(Report.format(Math.pow(10, d)), left - 55, y + 4);
        }
        for (int level : levels) {
            int x = (int) (left + (Math.log10(level) - xMin) / (xMax - xMin) * (right - left));
            g.setColor(new Color(0xdddddd));
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.BLACK);
            g.drawString(String.valueOf(level), x - 10, bottom + 16);
        }
        g.setStroke(new BasicStroke(2.5f));
        for (int k = 0; k < contenders.size(); k++) {
            int px = -1;
            int py = -1;
            g.setColor(COLORS[k % COLORS.length]);
            for (int level : levels) {
                double v = results.median("select." + level, contenders.get(k));
                if (Double.isNaN(v) || v <= 0) {
                    continue;
                }
                int x = (int) (left + (Math.log10(level) - xMin) / (xMax - xMin) * (right - left));
                int y = (int) (bottom - (Math.log10(v) - logMin) / (logMax - logMin) * (bottom - top));
                g.fillOval(x - 4, y - 4, 8, 8);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
        }
    }
}
