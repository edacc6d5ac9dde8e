package dev.hvsock.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every sample of one bench run: per metric, per contender, one value per measured round. */
final class Results {

    /** What a row of the table measures; {@code higherIsBetter} says how to read a ratio. */
    record Metric(String id, String scenario, String unit, boolean higherIsBetter) {
    }

    private final Map<Metric, Map<String, List<Double>>> samples = new LinkedHashMap<>();
    private final Map<String, Metric> byId = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    Metric metric(String id, String scenario, String unit, boolean higherIsBetter) {
        return byId.computeIfAbsent(id, k -> {
            Metric m = new Metric(id, scenario, unit, higherIsBetter);
            samples.put(m, new LinkedHashMap<>());
            return m;
        });
    }

    Metric metric(String id) {
        return byId.get(id);
    }

    synchronized void add(Metric metric, String contender, double value) {
        samples.get(metric).computeIfAbsent(contender, k -> new ArrayList<>()).add(value);
    }

    Set<Metric> metrics() {
        return samples.keySet();
    }

    List<Double> samples(Metric metric, String contender) {
        if (metric == null) {
            return List.of();
        }
        return samples.get(metric).getOrDefault(contender, List.of());
    }

    void note(String note) {
        notes.add(note);
    }

    List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    /** The median of {@code values}, NaN if there are none. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Half the range of {@code values} relative to their median, in percent: "± x %". */
    static double spreadPercent(List<Double> values) {
        if (values.size() < 2) {
            return 0;
        }
        double min = Collections.min(values);
        double max = Collections.max(values);
        return (max - min) / 2 / median(values) * 100;
    }

    double median(String metricId, String contender) {
        return median(samples(metric(metricId), contender));
    }
}
