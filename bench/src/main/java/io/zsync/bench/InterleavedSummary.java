package io.zsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The summary of {@code bench/interleaved.sh}: reads the CSV result of each fork ({@code <round>-<contender>.csv}
 * in the directory given) and prints each contender's mean fork score and the first contender's ratio to each
 * other one, overall (ratio of the means) and round by round (with the median). For a throughput benchmark a ratio
 * above 1 means the first contender is faster; for a time benchmark, slower.
 */
public final class InterleavedSummary {
    private InterleavedSummary() {
    }

    /**
     * Prints the summary.
     *
     * @param args the results directory, the number of rounds, then the contenders (the first is compared)
     * @throws IOException if a fork's result cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: InterleavedSummary <dir> <rounds> <first> <other>...");
        }
        Path dir = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<String> contenders = List.of(args).subList(2, args.length);
        double[][] scores = new double[contenders.size()][rounds];
        String unit = "";
        for (int c = 0; c < contenders.size(); c++) {
            for (int r = 0; r < rounds; r++) {
                List<String> lines = Files.readAllLines(dir.resolve(r + "-" + contenders.get(c) + ".csv"));
                String[] row = lines.get(1).split(",");   // "Benchmark","Mode","Threads","Samples","Score",...
                scores[c][r] = Double.parseDouble(row[4]);
                unit = row[6].replace("\"", "");
            }
        }
        for (int c = 0; c < contenders.size(); c++) {
            System.out.printf(Locale.ROOT, "%-32s mean %,.0f %s, forks %s%n", contenders.get(c), mean(scores[c]), unit,
                    Arrays.toString(Arrays.stream(scores[c]).mapToLong(Math::round).toArray()));
        }
        for (int c = 1; c < contenders.size(); c++) {
            List<String> perRound = new ArrayList<>();
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = scores[0][r] / scores[c][r];
                perRound.add(String.format(Locale.ROOT, "%.3f", ratios[r]));
            }
            Arrays.sort(ratios);
            double median = rounds % 2 == 1 ? ratios[rounds / 2] : (ratios[rounds / 2 - 1] + ratios[rounds / 2]) / 2;
            System.out.printf(Locale.ROOT, "%s / %s: ratio of means %.3f, median of rounds %.3f, rounds %s%n",
                    contenders.get(0), contenders.get(c), mean(scores[0]) / mean(scores[c]), median, perRound);
        }
    }

    private static double mean(double[] xs) {
        return Arrays.stream(xs).average().orElse(Double.NaN);
    }
}
