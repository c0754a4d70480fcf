// A compact source file of JDK 25 (JEP 512): no class declaration, fields and methods at the top
// level, an instance main without arguments, java.base imported as a module, IO.println.

final List<String> seen = new ArrayList<>();

String word(int i) {
    return Integer.toString(i * 7919 % 100_000, 36);
}

void main() {
    long acc = 0;
    for (int i = 0; i < 3_000; i++) {
        String w = word(i);
        seen.add(w);
        for (int k = 0; k < 400_000; k++) {
            acc = acc * 31 + k + w.length();
        }
        if (i % 250 == 0) {
            IO.println(i + " " + w + " " + seen.size() + " " + acc);
        }
    }
}
