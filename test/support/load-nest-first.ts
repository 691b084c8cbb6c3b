// @nestjs/throttler is CommonJS and requires @nestjs/common, which Nest 12 ships as ES modules only.
// Node allows that require once the module has finished loading; Jest's ESM runtime refuses it while
// the module is still loading (a "cycle"), as it is when the app's own imports reach the throttler.
// Loading Nest's core first, on its own, makes every later require find it complete.
await import('@nestjs/common');
await import('@nestjs/core');
