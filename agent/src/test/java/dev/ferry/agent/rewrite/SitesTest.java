package dev.ferry.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodInsnNode;

/** Which calls are resume points must not depend on the JDK the class is rewritten on. */
class SitesTest {
    private final ClassHierarchy hierarchy = new ClassHierarchy(RewriterTest.VIEW);

    private boolean mayCapture(String owner, String name, String desc) {
        return Sites.mayCapture(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, owner, name, desc, false), hierarchy);
    }

    @Test
    void callOnAJdkClassFinalInSomeJdksOnly_isAResumePointOnEveryJdk() {
        // final on JDK 25, not on 17: a frame captured on 17 at the call after it resumes on 25
        assertTrue(mayCapture("java/util/concurrent/ThreadLocalRandom", "nextInt", "(I)I"));
        assertTrue(mayCapture("java/lang/Runtime", "availableProcessors", "()I"));
        assertTrue(mayCapture("java/util/concurrent/ConcurrentHashMap$KeySetView", "iterator", "()Ljava/util/Iterator;"));
        // final on JDK 17, not on 25
        assertTrue(mayCapture("java/io/Console", "readLine", "()Ljava/lang/String;"));
    }

    @Test
    void callOnAJdkClassFinalEverywhere_isNot() {
        assertFalse(mayCapture("java/lang/String", "length", "()I"));
        assertFalse(mayCapture("java/lang/StringBuilder", "append", "(I)Ljava/lang/StringBuilder;"));
        assertFalse(mayCapture("java/util/SplittableRandom", "nextInt", "(I)I"));
    }

    @Test
    void callOnAnOpenJdkClass_is() {
        assertTrue(mayCapture("java/util/ArrayList", "add", "(Ljava/lang/Object;)Z"));
    }
}
