// After the last suite: a test that left a connection retrying or a timer running would keep
// the run alive after its results were printed, for as long as nobody stops it. Give the
// process 20 s to exit by itself; then name what is still open and exit with the run's verdict.
class ExitReporter {
  onRunComplete(_contexts, results) {
    const failed =
      results.numFailedTests > 0 ||
      results.numFailedTestSuites > 0 ||
      results.numRuntimeErrorTestSuites > 0 ||
      results.snapshot.failure;
    const code = failed ? 1 : 0;
    setTimeout(() => {
      const open = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap');
      console.error(
        `\nWARNING: the test run did not exit 20 s after the last suite; still open: ${open.join(', ')}. ` +
          'A suite left a connection, server or timer behind.',
      );
      process.exit(code);
    }, 20_000).unref();
  }
}
module.exports = ExitReporter;
