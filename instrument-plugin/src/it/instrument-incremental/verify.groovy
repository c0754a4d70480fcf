import dev.ferry.runtime.classfile.InstrumentationMark
import dev.ferry.runtime.engine.ClassMeta

def log = new File(basedir, 'build.log').text
def classes = new File(basedir, 'target/classes/it/app')

// Both builds ran the goal; the first rewrote the two selected classes, the second nothing.
assert log.contains('[INFO] ferry: rewrote 2 classes, skipped 0 already instrumented, 1 excluded in ')
assert log.contains('[INFO] ferry: rewrote 0 classes, skipped 2 already instrumented, 1 excluded in ')

['Main', 'Steps'].each { name ->
    def mark = InstrumentationMark.read(new File(classes, name + '.class').bytes)
    assert mark != null : "$name is marked"
    assert mark.engineVersion() == dev.ferry.agent.rewrite.AsmClassRewriter.ENGINE_VERSION
    assert mark.meta().fingerprint() ==~ /[0-9a-f]{64}/
}
assert InstrumentationMark.read(new File(classes, 'TextUtil.class').bytes) == null : 'excluded: left as compiled'
return true
