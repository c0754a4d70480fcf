package dev.ferry.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Somebody else's code doing the work: ASM (on the task's class path, so rewritten too) reads,
 * rebuilds and rewrites every class file under a directory. Captures land deep inside ASM's
 * visitor chains. Argument: the directory.
 */
public class ThirdParty {
    public static void main(String[] args) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of(args[0]))) {
            files = walk.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        List<byte[]> classes = new ArrayList<>();
        for (Path f : files) {
            classes.add(Files.readAllBytes(f));
        }
        CRC32 crc = new CRC32();
        long methods = 0;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < classes.size(); i++) {
                ClassNode node = new ClassNode();
                new ClassReader(classes.get(i)).accept(node, 0);
                for (MethodNode m : node.methods) {
                    methods++;
                    m.access |= round == 0 ? 0 : Opcodes.ACC_SYNTHETIC;
                }
                ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
                node.accept(writer);
                crc.update(writer.toByteArray());
                if (i % 50 == 0) {
                    System.out.println(round + " " + i + " " + node.name + " " + Long.toHexString(crc.getValue()));
                }
            }
        }
        System.out.println("classes " + classes.size() + " methods " + methods + " crc " + Long.toHexString(crc.getValue()));
    }
}
