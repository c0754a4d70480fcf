package dev.ferry.corpus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Streams and sorting with task lambdas: while the JDK's stream or sort code is on the stack a
 * capture must wait until it returns; between pipelines it may happen anywhere.
 */
public class StreamsAndSorting {
    record Person(String name, int age, String city) {
    }

    static int weight(int i) {
        int w = 0;
        for (int k = 0; k < 200; k++) {
            w += (i * 31 + k) % 7;
        }
        return w;
    }

    public static void main(String[] args) {
        String[] cities = {"Oslo", "Lima", "Pune", "Kyiv", "Nara"};
        List<Person> people = new ArrayList<>();
        for (int round = 0; round < 30; round++) {
            for (int i = 0; i < 300; i++) {
                int id = round * 300 + i;
                people.add(new Person("p" + id, 18 + weight(id) % 60, cities[weight(id + 1) % cities.length]));
            }
            Map<String, Double> meanAge = people.stream()
                    .collect(Collectors.groupingBy(Person::city, TreeMap::new, Collectors.averagingInt(Person::age)));
            List<Person> sorted = new ArrayList<>(people);
            sorted.sort(Comparator.comparingInt(Person::age).thenComparing(Person::name, Comparator.reverseOrder()));
            Optional<Person> oldest = people.stream().max(Comparator.comparingInt(p -> p.age() * 1000 - p.name().length()));
            long sumOfSquares = IntStream.range(0, 2_000).map(StreamsAndSorting::weight).mapToLong(w -> (long) w * w).sum();
            String mean = meanAge.entrySet().stream().map(e -> e.getKey() + "=" + String.format("%.2f", e.getValue()))
                    .collect(Collectors.joining(","));
            System.out.println(round + " " + mean + " first=" + sorted.get(0).name() + " oldest="
                    + oldest.map(Person::name).orElse("-") + " squares=" + sumOfSquares);
        }
    }
}
