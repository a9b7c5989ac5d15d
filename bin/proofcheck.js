#!/usr/bin/env node
// Entry point for `npx proofcheck`: runs the TypeScript CLI through tsx's loader,
// so a fresh `npm install` is all a user needs (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
