// Module resolution hook for trace-modules.mjs (runs on Node's loader thread).
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.PROOFCHECK_TRACE) appendFileSync(process.env.PROOFCHECK_TRACE, `${result.url}\n`);
  return result;
}
