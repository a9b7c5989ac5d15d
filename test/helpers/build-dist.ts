/**
 * vitest globalSetup: the end-to-end tests run the command as users do, which
 * runs the compiled dist/. Rebuild it first when any file under src/ is newer
 * than the build (or there is none), so a targeted `npx vitest run` never tests
 * stale JavaScript.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newest(p) : st.mtimeMs);
  }
  return t;
}

export default function setup(): void {
  const stamp = join(root, 'dist/cli/main.js');
  const built = existsSync(stamp) ? Math.min(statSync(stamp).mtimeMs, statSync(join(root, 'dist/index.js')).mtimeMs) : 0;
  if (built >= Math.max(newest(join(root, 'src')), statSync(join(root, 'tsconfig.build.json')).mtimeMs)) return;
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
