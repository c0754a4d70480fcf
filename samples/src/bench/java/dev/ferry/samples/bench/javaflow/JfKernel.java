package dev.ferry.samples.bench.javaflow;

/** A benchmark kernel run as a javaflow continuation: {@link #run()} computes, {@link #result()} reads the answer. */
public interface JfKernel extends Runnable {
    long result();
}
