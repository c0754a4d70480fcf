def log = new File(basedir, 'build.log').text
assert log.contains('ferry: 1 class(es) in ')
assert log.contains('  it.app.Broken: is not a class file')
assert log.contains('<failOnError>false</failOnError>') : 'the message says how to go on'
return true
