import dev.ferry.runtime.classfile.InstrumentationMark

def log = new File(basedir, 'build.log').text
assert log.contains('[WARNING] ferry: left as compiled, could not be rewritten:')
assert log.contains('  it.app.Broken: is not a class file')
assert log.contains('[INFO] ferry: rewrote 1 class, skipped 0 already instrumented, 1 could not be rewritten in ')
assert new File(basedir, 'target/classes/it/app/Broken.class').text == 'this is not bytecode\n'
assert InstrumentationMark.read(new File(basedir, 'target/classes/it/app/Steps.class').bytes) != null
return true
