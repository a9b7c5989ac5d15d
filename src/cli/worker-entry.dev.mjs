// Development-only worker bootstrap, used when the pool runs from the TypeScript
// sources (vitest, `npm run proofcheck`): workers do not inherit the main thread's
// loader hooks, so register tsx (a devDependency) before loading the worker.
// The published package never loads this file: dist/cli/pool.js starts dist/cli/worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
