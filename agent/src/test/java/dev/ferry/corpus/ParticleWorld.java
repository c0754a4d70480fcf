package dev.ferry.corpus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The main loop in an instance method of an object built in main: particles in a spatial hash grid
 * (a {@code HashMap} from cell to bucket, cleared and refilled every tick), a pool of dead particles,
 * an entity list compacted by swapping. The cells' {@code Long} keys collide so often that the map
 * keeps some bins as trees; a move while the buckets are being iterated must leave such a map
 * exactly as it was (re-inserting its entries failed the live iterator with a
 * ConcurrentModificationException).
 */
public class ParticleWorld {
    static final class Particle {
        double x;
        double y;
        double vx;
        double vy;
        final int id;
        boolean alive = true;

        Particle(int id) {
            this.id = id;
        }
    }

    private final List<Particle> particles = new ArrayList<>();
    private final ArrayDeque<Particle> pool = new ArrayDeque<>();
    private final Map<Long, List<Particle>> grid = new HashMap<>();
    private final Random rng;
    private long collisions;
    private long spawned;
    private long tick;

    ParticleWorld(long seed) {
        rng = new Random(seed);
    }

    private void spawn() {
        Particle p = pool.isEmpty() ? new Particle((int) spawned) : pool.pop();
        spawned++;
        p.alive = true;
        p.x = rng.nextDouble() * 100;
        p.y = rng.nextDouble() * 100;
        p.vx = rng.nextDouble() - 0.5;
        p.vy = rng.nextDouble() - 0.5;
        particles.add(p);
    }

    /** Two cell coordinates in one long, whose hash (high ^ low) collides for many cells. */
    private static long cell(double x, double y) {
        return ((long) Math.floor(x / 4) << 32) ^ ((long) Math.floor(y / 4) & 0xffffffffL);
    }

    private void step() {
        tick++;
        grid.clear();
        for (Particle p : particles) {
            p.x += p.vx;
            p.y += p.vy;
            if (p.x < 0 || p.x > 100) {
                p.vx = -p.vx;
            }
            if (p.y < 0 || p.y > 100) {
                p.vy = -p.vy;
            }
            grid.computeIfAbsent(cell(p.x, p.y), k -> new ArrayList<>()).add(p);
        }
        for (List<Particle> bucket : grid.values()) {
            for (int i = 0; i < bucket.size(); i++) {
                for (int j = i + 1; j < bucket.size(); j++) {
                    Particle a = bucket.get(i);
                    Particle b = bucket.get(j);
                    double dx = a.x - b.x;
                    double dy = a.y - b.y;
                    if (dx * dx + dy * dy < 1.0) {
                        collisions++;
                        double t = a.vx;
                        a.vx = b.vx;
                        b.vx = t;
                        t = a.vy;
                        a.vy = b.vy;
                        b.vy = t;
                        if ((a.id + b.id + tick) % 11 == 0) {
                            b.alive = false;
                        }
                    }
                }
            }
        }
        for (int i = particles.size() - 1; i >= 0; i--) {
            Particle p = particles.get(i);
            if (!p.alive) {
                particles.set(i, particles.get(particles.size() - 1));
                particles.remove(particles.size() - 1);
                pool.push(p);
            }
        }
        while (particles.size() < 900) {
            spawn();
        }
    }

    long run(int ticks) {
        for (int i = 0; i < 900; i++) {
            spawn();
        }
        for (int t = 0; t < ticks; t++) {
            step();
            if (t % 50 == 0) {
                double energy = 0;
                for (Particle p : particles) {
                    energy += p.vx * p.vx + p.vy * p.vy;
                }
                System.out.println("tick " + t + " collisions=" + collisions + " spawned=" + spawned + " pool="
                        + pool.size() + " energy=" + String.format(Locale.ROOT, "%.6f", energy));
            }
        }
        long h = 0;
        for (Particle p : particles) {
            h = h * 31 + Double.doubleToLongBits(p.x) + p.id;
        }
        return h;
    }

    public static void main(String[] args) {
        int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        ParticleWorld world = new ParticleWorld(77);
        System.out.println("check=" + world.run(ticks) + " collisions=" + world.collisions);
    }
}
