// The dependency rule of STYLE.md, checked on every import of every source file (specs excepted) by
// test/architecture/dependency-rules.spec.ts (which also lists the violations known when it came); `npx depcruise src` from the shell.
const PACKAGES = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];
// What a use case may take from outside the project: Nest's DI decorators, the CQRS buses and RxJS.
const APPLICATION_PACKAGES = '(^|/)node_modules/(@nestjs/common|@nestjs/cqrs|rxjs)/';
// Node.js modules that do I/O, which only adapters do.
const IO_MODULES = '^(node:)?(child_process|cluster|dgram|dns|fs|http|http2|https|inspector|net|readline|repl|tls|worker_threads)(/|$)';
// Where adapters may be picked: the modules, the app's composition, and adapters building on adapters.
const COMPOSITION = ['\\.module\\.ts$', '^src/(app|main)\\.ts$', '^src/[^/]+/infrastructure/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-only-domain',
      comment: 'domain/ imports its own domain and shared/domain only: no package, no Node.js module, no other layer',
      severity: 'error',
      from: { path: '^src/([^/]+)/domain/' },
      to: { pathNot: '^src/($1|shared)/domain/' },
    },
    {
      name: 'application-imports-its-domain-ports-and-the-kernel',
      comment: 'application/ imports its domain, its own application (ports/ among it) and shared/domain or shared/application',
      severity: 'error',
      from: { path: '^src/([^/]+)/application/' },
      to: {
        path: '^src/',
        pathNot: ['^src/$1/(domain|application)/', '^src/shared/(domain|application)/', '^src/users/application/user-event-catalog\\.ts$', '^src/config/'],
      },
    },
    {
      name: 'application-uses-only-di-cqrs-and-rxjs',
      comment: 'application/ takes Nest DI, the CQRS buses and RxJS from packages: no HTTP, Drizzle, ioredis, pg or Express',
      severity: 'error',
      from: { path: '^src/[^/]+/application/' },
      to: { dependencyTypes: PACKAGES, pathNot: APPLICATION_PACKAGES },
    },
    {
      name: 'application-does-no-io',
      comment: 'application/ uses no Node.js module that does I/O: adapters do',
      severity: 'error',
      from: { path: '^src/[^/]+/application/' },
      to: { dependencyTypes: ['core'], path: IO_MODULES },
    },
    {
      name: 'only-modules-pick-adapters',
      comment: 'infrastructure/ is imported by *.module.ts, app.ts, main.ts and other adapters only',
      severity: 'error',
      from: { pathNot: COMPOSITION },
      to: { path: '^src/[^/]+/infrastructure/' },
    },
    {
      name: 'config-is-read-by-the-outer-layers',
      comment: 'config/ is read by infrastructure/, interface/, the modules and operations/, never by a domain or a use case',
      severity: 'error',
      from: { path: '^src/[^/]+/(domain|application)/' },
      to: { path: '^src/config/' },
    },
    {
      name: 'config-stands-alone',
      comment: 'config/ is a layer of its own: it reads the environment and imports nothing else of the project',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/', pathNot: '^src/config/' },
    },
    {
      name: 'users-never-import-events',
      comment: 'the use cases do not know that streams exist',
      severity: 'error',
      from: { path: '^src/users/' },
      to: { path: '^src/events/' },
    },
    {
      name: 'events-know-only-the-user-event-catalog',
      comment: 'events reads the event types users describes (users/application/user-event-catalog.ts) and nothing else of users',
      severity: 'error',
      from: { path: '^src/events/' },
      to: { path: '^src/users/', pathNot: '^src/users/application/user-event-catalog\\.ts$' },
    },
    {
      name: 'the-shared-kernel-imports-no-module',
      comment: 'shared/ is imported by every module, so it imports none of them',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(access|events|operations|users)/' },
    },
    {
      name: 'operations-are-composed-by-the-app',
      comment: 'operations/ (health, metrics, dashboard, shutdown) is wired by app.module.ts, app.ts and main.ts only',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/operations/', '^src/(app\\.module|app|main)\\.ts$'] },
      to: { path: '^src/operations/' },
    },
    {
      name: 'every-import-resolves',
      comment: 'an import the cruiser cannot follow is one no rule can check',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    exclude: { path: '\\.spec\\.ts$' },
    doNotFollow: { path: '(^|/)node_modules/' },
    preserveSymlinks: true, // a work tree may link node_modules from another checkout
    // Type-only imports are dependencies too: the TypeScript compiler would erase them before the cruise.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
