// Jest's summary counts skipped and todo tests but names none: this names each suite that did not run,
// with what would run it (describeWith's todo says it), so that nothing is absent unseen.
export default class SkippedSuitesReporter {
  onRunComplete(_contexts, results) {
    const skipped = new Map();
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status !== 'pending' && test.status !== 'todo') continue;
        const suite = [...test.ancestorTitles, ...(test.status === 'todo' ? [test.title] : [])].join(' › ');
        skipped.set(suite, (skipped.get(suite) ?? 0) + 1);
      }
    }
    if (skipped.size === 0) return;
    console.log(`\nNot run (${skipped.size}):`);
    for (const [suite, count] of skipped) console.log(`  ${suite}: ${count} test${count === 1 ? '' : 's'}`);
  }
}
