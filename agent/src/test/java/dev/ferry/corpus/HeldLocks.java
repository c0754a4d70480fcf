package dev.ferry.corpus;

import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Locks of {@code java.util.concurrent} held by the task's thread while it is captured, as caches
 * and registries in libraries hold them (Jackson's DeserializerCache takes a ReentrantLock around
 * a build that runs long): a ReentrantLock taken twice, a read-write lock's write lock and, in
 * another loop, its read lock, and a field that remembers the task's own thread. After a move the
 * resumed thread must own what the captured thread owned: unlocking must not throw, re-locking
 * must not park forever, and the remembered thread must be the current one.
 */
public class HeldLocks {
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantReadWriteLock readWrite = new ReentrantReadWriteLock();
    /** Remembered as libraries remember their owner, to tell re-entrance from another thread. */
    private Thread owner;
    private long sum;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        HeldLocks work = new HeldLocks();
        for (int round = 0; round < rounds; round++) {
            work.underLock(round);
            work.underReadLock(round);
        }
        System.out.println("sum " + work.sum);
    }

    private void underLock(int round) {
        lock.lock();
        try {
            owner = Thread.currentThread();
            lock.lock(); // re-entrant: a hold count of two while it loops
            try {
                for (int i = 0; i < 20_000; i++) {
                    sum = sum * 31 + (i ^ round);
                    if (i % 5_000 == 0 && !lock.isHeldByCurrentThread()) {
                        throw new IllegalStateException("the lock is no longer held by the task's thread");
                    }
                }
            } finally {
                lock.unlock();
            }
            if (owner != Thread.currentThread()) {
                throw new IllegalStateException("the remembered owner is not the task's thread");
            }
            readWrite.writeLock().lock();
            try {
                for (int i = 0; i < 20_000; i++) {
                    sum = sum * 17 + i;
                }
                if (!readWrite.isWriteLockedByCurrentThread()) {
                    throw new IllegalStateException("the write lock is no longer held by the task's thread");
                }
            } finally {
                readWrite.writeLock().unlock();
            }
            System.out.println("round " + round + " holds " + lock.getHoldCount() + " " + (sum & 0xffff));
        } finally {
            lock.unlock();
        }
    }

    private void underReadLock(int round) {
        readWrite.readLock().lock();
        try {
            readWrite.readLock().lock();
            try {
                for (int i = 0; i < 20_000; i++) {
                    sum = sum * 7 + (i | round);
                }
            } finally {
                readWrite.readLock().unlock();
            }
            System.out.println("round " + round + " reads " + readWrite.getReadHoldCount());
        } finally {
            readWrite.readLock().unlock();
        }
        if (lock.isLocked() || readWrite.isWriteLocked() || readWrite.getReadLockCount() != 0) {
            throw new IllegalStateException("a lock is still held after its unlock");
        }
    }
}
