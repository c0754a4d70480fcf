package dev.ferry.corpus;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.Scriptable;

/**
 * Somebody else's interpreter doing the work: Rhino (on the task's class path, so rewritten too)
 * runs a JavaScript program in interpreted mode — recursion, arrays, objects, closures, and Java
 * objects reached from the script. Captures land inside Rhino's interpreter loop, many frames deep.
 * Argument: the number of iterations.
 */
public class JavaScript {
    public static void main(String[] args) {
        Context cx = Context.enter();
        try {
            cx.setOptimizationLevel(-1); // the interpreter: compiled scripts would be classes made at run time
            Scriptable scope = cx.initStandardObjects();
            scope.put("out", scope, Context.javaToJS(System.out, scope));
            String script = String.join("\n",
                    "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }",
                    "function counter() { var c = 0; return function () { return ++c; }; }",
                    "var next = counter(), sum = 0, items = [], seen = new java.util.HashMap(), words = {};",
                    "for (var i = 0; i < " + Integer.parseInt(args[0]) + "; i++) {",
                    "  sum = (sum + fib(11) * i + next()) % 1000003;",
                    "  items.push({ at: i, tag: 'w' + (i % 5) });",
                    "  seen.put('k' + (i % 7), i);",
                    "  words[items[i].tag] = (words[items[i].tag] || 0) + 1;",
                    "  if (i % 100 == 0) out.println('i=' + i + ' sum=' + sum + ' items=' + items.length + ' k3=' + seen.get('k3')",
                    "      + ' w2=' + words.w2 + ' json=' + JSON.stringify(items[i]));",
                    "}",
                    "out.println('done ' + sum + ' ' + Object.keys(words).sort().join(','));");
            cx.evaluateString(scope, script, "program.js", 1, null);
        } finally {
            Context.exit();
        }
    }
}
