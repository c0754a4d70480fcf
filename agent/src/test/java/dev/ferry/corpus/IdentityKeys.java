package dev.ferry.corpus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hash tables keyed by objects that hash by identity — a graph search's visited set and distance
 * map. Identity hash codes differ after a move; lookups must still find their keys.
 */
public class IdentityKeys {
    static final class Node {
        final int id;
        final List<Node> next = new ArrayList<>();

        Node(int id) {
            this.id = id;
        }
    }

    public static void main(String[] args) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            nodes.add(new Node(i));
        }
        for (int i = 0; i < 400; i++) {
            nodes.get(i).next.add(nodes.get((i * 7 + 1) % 400));
            nodes.get(i).next.add(nodes.get((i * 13 + 5) % 400));
        }
        Map<Node, Integer> order = new LinkedHashMap<>();
        IdentityHashMap<Node, String> labels = new IdentityHashMap<>();
        for (int round = 0; round < 6; round++) {
            Set<Node> visited = new HashSet<>();
            Map<Node, Integer> distance = new HashMap<>();
            ArrayDeque<Node> queue = new ArrayDeque<>();
            Node start = nodes.get(round * 37 % 400);
            queue.add(start);
            visited.add(start);
            distance.put(start, 0);
            long checksum = 0;
            while (!queue.isEmpty()) {
                Node n = queue.poll();
                checksum = checksum * 31 + n.id + spin(n.id);
                for (Node m : n.next) {
                    if (visited.add(m)) {
                        distance.put(m, distance.get(n) + 1);
                        queue.add(m);
                    }
                }
                order.putIfAbsent(n, order.size());
                labels.putIfAbsent(n, "n" + n.id);
            }
            int far = 0;
            for (Node n : nodes) {
                Integer d = distance.get(n);
                far = Math.max(far, d == null ? -1 : d);
            }
            System.out.println(round + " reached " + visited.size() + " far " + far + " checksum " + checksum
                    + " order " + order.get(nodes.get(3)) + " label " + labels.get(nodes.get(5)));
        }
    }

    static long spin(int seed) {
        long x = seed;
        for (int i = 0; i < 1_500; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 60;
    }
}
