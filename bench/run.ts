/**
 * `npm run bench`: runs each benchmark section in order. Not a test.
 * To add a section, append its module to SECTIONS; each exports `async function run(): Promise<void>`.
 */
const SECTIONS: string[] = [
  './series.bench.ts',
  './verify.bench.ts',
  './corpus.bench.ts',
  './report.bench.ts',
];

// A failing section is reported and the others still run; the exit code records it.
for (const path of SECTIONS) {
  try {
    const mod = (await import(path)) as { run: () => Promise<void> };
    await mod.run();
  } catch (e) {
    console.error(`bench section ${path} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  }
}
