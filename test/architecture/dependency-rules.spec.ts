import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

// The dependency rule of STYLE.md, as .dependency-cruiser.cjs states it, on every import of every source file.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = join(ROOT, 'test/architecture/fixture');


const described = ({ rule, from, to }: IViolation): string => `${rule.name}: ${from} → ${to}`;

async function cruiseFrom(baseDir: string): Promise<ICruiseResult> {
  const options: ICruiseOptions = {
    ...(await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'))),
    baseDir,
    tsConfig: { fileName: join(ROOT, 'tsconfig.json') },
  };
  const { output } = await cruise(['src'], options, {}, { tsConfig: extractTSConfig(join(ROOT, 'tsconfig.json')) });
  if (typeof output === 'string') throw new Error(`dependency-cruiser answered text instead of a result: ${output}`);
  return output;
}

describe('the dependency rule', () => {
  let result: ICruiseResult;

  beforeAll(async () => {
    result = await cruiseFrom(ROOT);
  });

  it('cruises every source file, specs excepted', () => {
    const cruised = result.modules.filter(({ source }) => source.startsWith('src/'));
    expect(cruised.length).toBeGreaterThan(100);
    expect(cruised.filter(({ source }) => source.endsWith('.spec.ts'))).toEqual([]);
  });

  it('holds on every import', () => {
    expect(result.summary.violations.map(described)).toEqual([]);
  });

  it('sees type-only imports, re-exports and import(), which a reader of import lines misses', async () => {
    const { summary } = await cruiseFrom(FIXTURE);
    expect(summary.violations.map(described).sort()).toEqual([
      'domain-imports-only-domain: src/users/domain/leaky.ts → src/events/application/feed-position.ts',
      'domain-imports-only-domain: src/users/domain/leaky.ts → src/events/application/feed.ts',
      'domain-imports-only-domain: src/users/domain/leaky.ts → src/shared/application/clock.ts',
      'users-never-import-events: src/users/domain/leaky.ts → src/events/application/feed-position.ts',
      'users-never-import-events: src/users/domain/leaky.ts → src/events/application/feed.ts',
    ]);
  });
});
