package dev.ferry.shell.console.twins.a;

/** One of two task classes named Twin: {@code launch Twin} is ambiguous. */
public final class Twin {
    private Twin() {
    }

    public static void main(String[] args) {
        System.out.println("twin a");
    }
}
