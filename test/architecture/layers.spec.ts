import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The dependency rule of STYLE.md, checked on every import of every source file (specs excepted).
const SRC = fileURLToPath(new URL('../../src', import.meta.url));

interface Import {
  readonly file: string;
  readonly target: string; // a path under src/ for relative imports, else the package name
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const imports: Import[] = sourceFiles(SRC).flatMap((path) => {
  const file = relative(SRC, path);
  return [...readFileSync(path, 'utf8').matchAll(/^(?:import|export)\s(?:[^;]*?from\s+)?'([^']+)'/gms)].map(([, specifier]) => ({
    file,
    target: specifier!.startsWith('.') ? relative(SRC, resolve(dirname(path), specifier!)) : specifier!,
  }));
});

const isRelative = (target: string) => !target.includes('node_modules') && /^(access|config|shared|users|events|operations)\//.test(target);
const layerOf = (path: string) => path.split('/').find((part) => ['domain', 'application', 'infrastructure', 'interface'].includes(part));
const violations = (rule: (i: Import) => boolean) => imports.filter(rule).map(({ file, target }) => `${file} -> ${target}`);

describe('the dependency rule', () => {
  it('finds the source files and their imports', () => {
    expect(imports.length).toBeGreaterThan(100);
  });

  it('keeps every domain free of packages and of any other layer', () => {
    expect(violations((i) => layerOf(i.file) === 'domain' && (!isRelative(i.target) || layerOf(i.target) !== 'domain'))).toEqual([]);
  });

  it('lets a module domain use only its own domain and the shared kernel', () => {
    const moduleOf = (path: string) => path.split('/')[0];
    expect(
      violations(
        (i) => layerOf(i.file) === 'domain' && isRelative(i.target) && moduleOf(i.target) !== moduleOf(i.file) && moduleOf(i.target) !== 'shared',
      ),
    ).toEqual([]);
  });

  it('keeps application code off adapters, HTTP, databases, Redis and SSE', () => {
    const allowedPackages = ['@nestjs/common', '@nestjs/cqrs', 'rxjs'];
    expect(
      violations(
        (i) =>
          layerOf(i.file) === 'application' &&
          (isRelative(i.target)
            ? ['infrastructure', 'interface'].includes(layerOf(i.target) ?? '')
            : !i.target.startsWith('node:') && !allowedPackages.includes(i.target)),
      ),
    ).toEqual([]);
  });

  it('never lets the users module import the events module', () => {
    expect(violations((i) => i.file.startsWith('users/') && i.target.startsWith('events/'))).toEqual([]);
  });

  it('lets the events module know only the event types of users', () => {
    expect(violations((i) => i.file.startsWith('events/') && i.target.startsWith('users/') && i.target !== 'users/domain/user.events.js')).toEqual(
      [],
    );
  });
});
