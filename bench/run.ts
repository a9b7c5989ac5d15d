/**
 * `npm run bench`: runs each benchmark section in order. Not a test.
 * To add a section, append its module to SECTIONS; each exports `async function run(): Promise<void>`.
 * `BENCH_ONLY=startup npm run bench` runs only the named sections.
 */
const SECTIONS: string[] = [
  './startup.bench.ts',
  './series.bench.ts',
  './anchors.bench.ts',
  './verify.bench.ts',
  './corpus.bench.ts',
  './latex.bench.ts',
  './report.bench.ts',
];

// `BENCH_ONLY=startup,corpus npm run bench` runs only the sections whose file names contain one of the words.
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);

// A failing section is reported and the others still run; the exit code records it.
for (const path of SECTIONS.filter((p) => only.length === 0 || only.some((w) => p.includes(w)))) {
  try {
    const mod = (await import(path)) as { run: () => Promise<void> };
    await mod.run();
  } catch (e) {
    console.error(`bench section ${path} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  }
}
