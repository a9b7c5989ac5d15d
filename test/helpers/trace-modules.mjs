// Preloaded with `node --import` by test/e2e/package.test.ts: records the URL of
// every module that the process and its worker threads load, one per line, in
// the file named by PROOFCHECK_TRACE (so a test can see what really runs).
import { register } from 'node:module';

register('./trace-modules-hooks.mjs', import.meta.url);
