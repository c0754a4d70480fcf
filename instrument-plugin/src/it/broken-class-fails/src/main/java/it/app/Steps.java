package it.app;

final class Steps {
    private Steps() {
    }

    static int square(int i) {
        return i * i;
    }
}
