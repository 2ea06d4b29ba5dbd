package org.fengqiao.geography.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.fengqiao.geography.GridLocation;
import org.fengqiao.geography.internal.GridIndex;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Point-in-grid lookups against 10,000 synthetic grids (a 100 × 100 tessellation around Heshan, each grid a
 * 16-vertex polygon whose shared edges are jittered the same way on both sides, so neighbours meet exactly like
 * real boundaries), plus 100 industrial-park overlays of 4 × 4 grids each. Points are uniformly random over the
 * tessellation's bounding box (a few fall outside every grid). Not part of the test suite: run it with
 * {@link #main} (see docs/benchmarks.md, heading "GridLocator").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class GridLocatorBenchmark {

    static final int SIDE = 100;          // 100 × 100 = 10,000 grids
    static final int SUB = 4;             // vertices per grid side
    static final double CELL = 0.004;     // about 400 m
    static final double LON0 = 112.80;
    static final double LAT0 = 22.60;
    static final int POINTS = 1 << 20;

    GridIndex index;
    double[] lons;
    double[] lats;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        index = build(SIDE, 100);
        SplittableRandom random = new SplittableRandom(20260315);
        lons = new double[POINTS];
        lats = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            lons[i] = LON0 + random.nextDouble() * SIDE * CELL;
            lats[i] = LAT0 + random.nextDouble() * SIDE * CELL;
        }
    }

    @Benchmark
    public Optional<GridLocation> locate() {
        int i = next++ & (POINTS - 1);
        return index.locate(lons[i], lats[i]);
    }

    /** A tessellation of side × side grids with jittered shared edges, and {@code parks} 4 × 4 overlays. */
    public static GridIndex build(int side, int parks) {
        GeometryFactory gf = new GeometryFactory();
        int n = side * SUB + 1;
        double[][] jx = new double[n][n];
        double[][] jy = new double[n][n];
        SplittableRandom random = new SplittableRandom(42);
        double step = CELL / SUB;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                boolean border = i == 0 || j == 0 || i == n - 1 || j == n - 1;
                jx[i][j] = LON0 + i * step + (border ? 0 : (random.nextDouble() - 0.5) * step * 0.6);
                jy[i][j] = LAT0 + j * step + (border ? 0 : (random.nextDouble() - 0.5) * step * 0.6);
            }
        }
        List<GridIndex.Entry> grids = new ArrayList<>(side * side);
        for (int gx = 0; gx < side; gx++) {
            for (int gy = 0; gy < side; gy++) {
                Coordinate[] ring = new Coordinate[SUB * 4 + 1];
                int k = 0;
                int x0 = gx * SUB;
                int y0 = gy * SUB;
                for (int s = 0; s < SUB; s++) {
                    ring[k++] = new Coordinate(jx[x0 + s][y0], jy[x0 + s][y0]);
                }
                for (int s = 0; s < SUB; s++) {
                    ring[k++] = new Coordinate(jx[x0 + SUB][y0 + s], jy[x0 + SUB][y0 + s]);
                }
                for (int s = 0; s < SUB; s++) {
                    ring[k++] = new Coordinate(jx[x0 + SUB - s][y0 + SUB], jy[x0 + SUB - s][y0 + SUB]);
                }
                for (int s = 0; s < SUB; s++) {
                    ring[k++] = new Coordinate(jx[x0][y0 + SUB - s], jy[x0][y0 + SUB - s]);
                }
                ring[k] = ring[0].copy();
                Geometry g = gf.createPolygon(ring);
                // codes: county 999001, town by column band, village by 5×5 block, grid within it
                String code = String.format("999001%03d%03d%03d", 100 + gx / 10, 1 + (gy / 5) * 2 + (gx % 10) / 5,
                        1 + (gx % 5) * 5 + gy % 5);
                grids.add(new GridIndex.Entry(code, "网格" + gx + "-" + gy, g, List.of()));
            }
        }
        List<GridIndex.Entry> overlays = new ArrayList<>();
        SplittableRandom pr = new SplittableRandom(7);
        for (int p = 0; p < parks; p++) {
            double x = LON0 + pr.nextInt(side - 4) * CELL + CELL / 2;
            double y = LAT0 + pr.nextInt(side - 4) * CELL + CELL / 2;
            Geometry g = gf.createPolygon(new Coordinate[] {new Coordinate(x, y), new Coordinate(x + 4 * CELL, y),
                    new Coordinate(x + 4 * CELL, y + 4 * CELL), new Coordinate(x, y + 4 * CELL), new Coordinate(x, y)});
            overlays.add(new GridIndex.Entry(String.format("999001%03d9%02d", 100 + p % 10, p / 10), "园区" + p, g,
                    List.of()));
        }
        return new GridIndex(grids, overlays);
    }

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(GridLocatorBenchmark.class.getName() + ".locate")
                .threads(1)
                .forks(1)
                .build();
        new Runner(options).run();
    }
}
