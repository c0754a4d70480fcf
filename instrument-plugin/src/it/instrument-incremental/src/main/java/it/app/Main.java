package it.app;

public final class Main {
    public static void main(String[] args) throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.out.println(Steps.square(i) + TextUtil.pad(i));
            Thread.sleep(10);
        }
    }
}
