/**
 * Schema validation of the reports the suite produces: the JSON report against
 * docs/report.schema.json (shipped in the package), SARIF against the official
 * SARIF 2.1.0 schema (test/fixtures, JSON Schema draft-04). Each returns the
 * errors as text ('' when valid), so a failing assertion shows what is wrong.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { createRequire } from 'node:module';
import type { Options, ValidateFunction } from 'ajv';

// ajv-draft-04 is CommonJS with `exports.default`: take the class from require.
const AjvDraft04 = (createRequire(import.meta.url)('ajv-draft-04') as { default: new (o: Options) => { compile(schema: object): ValidateFunction } }).default;

const reportSchema = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8')) as object;
const sarifSchema = JSON.parse(readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object;

const validateJson = new Ajv({ allErrors: true, strict: true }).compile(reportSchema);
const validateSarifLog = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false }).compile(sarifSchema);

function errorsOf(v: { errors?: readonly { instancePath: string; message?: string; params?: unknown }[] | null }): string {
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params ?? {})}`).join('\n');
}

/** Validates a JSON report (parsed or text) against docs/report.schema.json. */
export function reportSchemaErrors(report: unknown): string {
  const data = typeof report === 'string' ? JSON.parse(report) : report;
  return validateJson(data) ? '' : errorsOf(validateJson);
}

/** Validates a SARIF log (parsed or text) against the SARIF 2.1.0 schema. */
export function sarifSchemaErrors(log: unknown): string {
  const data = typeof log === 'string' ? JSON.parse(log) : log;
  return validateSarifLog(data) ? '' : errorsOf(validateSarifLog);
}
