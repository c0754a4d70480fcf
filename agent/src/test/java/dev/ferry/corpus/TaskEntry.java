package dev.ferry.corpus;

import dev.ferry.runtime.Task;

/** A task entered through Ferry's Task interface, with its arguments. */
public class TaskEntry implements Task {
    private int calls;

    @Override
    public void run(String[] args) {
        int n = Integer.parseInt(args[0]);
        for (int i = 0; i < n; i++) {
            calls++;
            System.out.println(args[1] + " " + i + " " + calls + " " + RunnableEntry.work(i));
        }
    }
}
