package dev.ferry.corpus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;

/** JDK collections as working state: deque, priority queue, linked list, sorted set. */
public class Collections {
    public static void main(String[] args) {
        ArrayDeque<Long> deque = new ArrayDeque<>();
        PriorityQueue<Long> heap = new PriorityQueue<>();
        LinkedList<String> linked = new LinkedList<>();
        TreeSet<Long> sorted = new TreeSet<>();
        List<long[]> chunks = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            long w = work(i);
            deque.addFirst(w);
            if (deque.size() > 7) {
                deque.removeLast();
            }
            heap.add(w % 1000);
            if (heap.size() > 10) {
                heap.poll();
            }
            linked.add(Long.toHexString(w));
            if (linked.size() > 5) {
                linked.removeFirst();
            }
            sorted.add(w % 97);
            chunks.add(new long[] {w, i});
            System.out.println(i + " " + deque.peekFirst() + " " + heap.peek() + " " + linked.getFirst() + " "
                    + sorted.first() + ".." + sorted.last() + " " + chunks.get(i / 2)[0]);
        }
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 30_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 30;
    }
}
