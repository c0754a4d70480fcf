package dev.ferry.runtime.engine;

import java.util.Map;

/**
 * What the rewriter recorded about one rewritten class.
 *
 * @param fingerprint SHA-256 (hex) of the original class bytes
 * @param methods     by method key ({@code name + descriptor}), every method the rewriter touched
 */
public record ClassMeta(String fingerprint, Map<String, MethodMeta> methods) {
    public ClassMeta {
        methods = Map.copyOf(methods);
    }
}
