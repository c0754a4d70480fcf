package dev.ferry.corpus;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** A small stack-machine interpreter: a big switch in a loop, an operand stack and a variable map in the heap. */
public class Interpreter {
    enum Code { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, JNZ, JMP, PRINT, CALL, RET, HALT }

    record Insn(Code code, long arg, String name) {
        static Insn of(Code c) {
            return new Insn(c, 0, null);
        }
    }

    private final Deque<Long> stack = new ArrayDeque<>();
    private final Map<String, Long> vars = new HashMap<>();
    private final Deque<Integer> returns = new ArrayDeque<>();

    public static void main(String[] args) {
        Insn[] program = {
            new Insn(Code.PUSH, 200_000, null), new Insn(Code.STORE, 0, "n"),
            new Insn(Code.PUSH, 0, null), new Insn(Code.STORE, 0, "acc"),
            // loop: acc = (acc * 31 + n) % 1000003; if (n % 25000 == 0) print acc; n = n - 1; jnz loop
            new Insn(Code.LOAD, 0, "acc"), new Insn(Code.PUSH, 31, null), new Insn(Code.MUL, 0, null),
            new Insn(Code.LOAD, 0, "n"), new Insn(Code.ADD, 0, null), new Insn(Code.PUSH, 1_000_003, null),
            new Insn(Code.MOD, 0, null), new Insn(Code.STORE, 0, "acc"),
            new Insn(Code.LOAD, 0, "n"), new Insn(Code.PUSH, 25_000, null), new Insn(Code.MOD, 0, null),
            new Insn(Code.JNZ, 18, null), new Insn(Code.CALL, 24, null), new Insn(Code.JMP, 18, null),
            new Insn(Code.LOAD, 0, "n"), new Insn(Code.PUSH, 1, null), new Insn(Code.SUB, 0, null),
            new Insn(Code.STORE, 0, "n"), new Insn(Code.LOAD, 0, "n"), new Insn(Code.JNZ, 4, null),
            // 24: subroutine printing acc, or halt when reached by fall-through
            new Insn(Code.LOAD, 0, "acc"), new Insn(Code.PRINT, 0, null), new Insn(Code.RET, 0, null),
        };
        Insn[] withHalt = java.util.Arrays.copyOf(program, program.length + 1);
        withHalt[program.length] = Insn.of(Code.HALT);
        // patch: the loop exit jumps over the subroutine
        withHalt[23] = new Insn(Code.JNZ, 4, null);
        Interpreter vm = new Interpreter();
        vm.run(withHalt, 27);
        System.out.println("final acc " + vm.vars.get("acc"));
    }

    void run(Insn[] program, int halt) {
        int pc = 0;
        long steps = 0;
        while (true) {
            Insn insn = program[pc++];
            steps++;
            switch (insn.code()) {
                case PUSH -> stack.push(insn.arg());
                case LOAD -> stack.push(vars.getOrDefault(insn.name(), 0L));
                case STORE -> vars.put(insn.name(), stack.pop());
                case ADD -> stack.push(stack.pop() + stack.pop());
                case SUB -> {
                    long b = stack.pop();
                    stack.push(stack.pop() - b);
                }
                case MUL -> stack.push(stack.pop() * stack.pop());
                case MOD -> {
                    long b = stack.pop();
                    stack.push(stack.pop() % b);
                }
                case JNZ -> {
                    if (stack.pop() != 0) {
                        pc = (int) insn.arg();
                    } else if (pc == 24) {
                        pc = halt;
                    }
                }
                case JMP -> pc = (int) insn.arg();
                case PRINT -> System.out.println("acc=" + stack.pop() + " steps=" + steps);
                case CALL -> {
                    returns.push(pc);
                    pc = (int) insn.arg();
                }
                case RET -> pc = returns.pop();
                case HALT -> {
                    return;
                }
            }
        }
    }
}
