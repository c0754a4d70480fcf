package it.app;

final class TextUtil {
    private TextUtil() {
    }

    static String pad(int i) {
        return " #" + i;
    }
}
