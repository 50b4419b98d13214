package org.autotier.core.eval;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The evaluation's PNG plots, drawn with XChart: the confusion matrix and the reliability diagram. */
public final class Plots {
    private Plots() {
    }

    /** Rows are the true classes, columns the predicted ones; cells are row-normalised (recall). */
    public static Path confusionMatrix(ClassificationMetrics m, String title, Path png) throws IOException {
        List<String> labels = m.labels();
        int k = labels.size();
        HeatMapChart chart = new HeatMapChartBuilder().width(160 + 70 * k).height(120 + 60 * k).title(title)
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(1);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xF7FBFF), new Color(0x6BAED6), new Color(0x08306B)});
        chart.getStyler().setHeatMapValueDecimalPattern("0.00");
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            long row = 0;
            for (int p = 0; p < k; p++) {
                row += m.confusion()[t][p];
            }
            for (int p = 0; p < k; p++) {
                // XChart's y axis grows upwards: put the first class on top
                cells.add(new Number[] {p, k - 1 - t, row == 0 ? 0.0 : (double) m.confusion()[t][p] / row});
            }
        }
        List<String> reversed = new ArrayList<>(labels);
        java.util.Collections.reverse(reversed);
        chart.addSeries("recall", labels, reversed, cells);
        return save(chart, png);
    }

    /** Accuracy against mean confidence per confidence bin, with the diagonal of perfect calibration. */
    public static Path reliability(Calibration.Bin[] bins, double ece, String title, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(560).height(480)
                .title(String.format(Locale.ROOT, "%s (ECE %.3f)", title, ece))
                .xAxisTitle("confidence").yAxisTitle("accuracy").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        XYSeries ideal = chart.addSeries("perfectly calibrated", new double[] {0, 1}, new double[] {0, 1});
        ideal.setMarker(SeriesMarkers.NONE);
        ideal.setLineColor(Color.GRAY);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Calibration.Bin b : bins) {
            if (b.count() > 0) {
                x.add(b.meanConfidence());
                y.add(b.accuracy());
            }
        }
        if (!x.isEmpty()) {
            XYSeries model = chart.addSeries("model", x, y);
            model.setMarker(SeriesMarkers.CIRCLE);
            model.setLineColor(new Color(0x08519C));
            model.setMarkerColor(new Color(0x08519C));
        }
        return save(chart, png);
    }

    private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path png) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return png;
    }
}
