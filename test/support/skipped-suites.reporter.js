// Jest's summary counts skipped tests but names none: this names each skipped suite once, with what
// would run it (describeWith puts that in the suite's name), so that nothing is absent unseen.
export default class SkippedSuitesReporter {
  onRunComplete(_contexts, results) {
    const skipped = new Map();
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status !== 'pending') continue;
        const suite = test.ancestorTitles.find((title) => title.includes('[skipped:')) ?? test.ancestorTitles.join(' › ');
        skipped.set(suite, (skipped.get(suite) ?? 0) + 1);
      }
    }
    if (skipped.size === 0) return;
    console.log(`\nSkipped suites (${skipped.size}):`);
    for (const [suite, count] of skipped) console.log(`  ${suite}: ${count} test${count === 1 ? '' : 's'}`);
  }
}
