package dev.ferry.samples;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/** A task with its own copy of ASM on its class path: it must get its own, not the agent's. */
public final class AsmUser {
    private AsmUser() {
    }

    public static void main(String[] args) throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            ClassWriter writer = new ClassWriter(0);
            writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "Generated" + i, null, "java/lang/Object", null);
            System.out.println(i + " " + writer.toByteArray().length + " " + ClassWriter.class.getClassLoader().getName());
            Thread.sleep(20);
        }
    }
}
