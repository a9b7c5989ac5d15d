/**
 * The JUnit reporter: exact output (stable names, file/line attributes, escaping of
 * markup and control characters), the two located steps of a refuted calc, and
 * validation against the Jenkins xUnit JUnit schema (test/fixtures/junit-10.xsd)
 * with xmllint — skipped with a message when xmllint is absent, required under CI.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatJunit, xmlEscape } from '../../src/reporters/junit.ts';
import { checkedReport, haveXmllint, sampleReport, TWO_WRONG } from '../helpers/reports.ts';

const EXPECTED = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="proofcheck" tests="4" failures="2" errors="1" time="1.600">
  <testsuite name="dir/a &quot;b&quot;.proof" tests="3" failures="2" errors="0" skipped="0" time="1.520" file="dir/a &quot;b&quot;.proof">
    <testcase classname="dir/a &quot;b&quot;.proof" name="expand&lt;&amp;&gt;" file="dir/a &quot;b&quot;.proof" line="3" time="0.012"><failure type="REFUTED" message="REFUTED: step 2 is false (2 of 2 steps do not pass)">dir/a &quot;b&quot;.proof:4:5: step 1 REFUTED: step 1 is false
dir/a &quot;b&quot;.proof:5:5: step 2 REFUTED: step 2 is false

a.proof:4:5: error: step 1 fails
counterexample (exact): at x = 1/2 the left side is &quot;1&quot; and the right side is &apos;2&apos;
bell\\u0007 here</failure><system-out>REFUTED: step 2 is false (2 of 2 steps do not pass)
step 1 (line 4:5): REFUTED: step 1 is false
step 2 (line 5:5): REFUTED: step 2 is false
warning (line 4:22) [rule/not-used]: rule &apos;algebra&apos; did not decide this step</system-out></testcase>
    <testcase classname="dir/a &quot;b&quot;.proof" name="claim at line 7" file="dir/a &quot;b&quot;.proof" line="7" time="1.500"><failure type="TESTED" message="TESTED (below the required grade, --require range): no exact method applied; 1000 random points agreed">dir/a &quot;b&quot;.proof:7:1: TESTED: no exact method applied; 1000 random points agreed

numeric witness: 1000 runs agreed, seed 42</failure><system-out>TESTED: no exact method applied; 1000 random points agreed
numeric witness: 1000 runs agreed, seed 42</system-out></testcase>
    <testcase classname="dir/a &quot;b&quot;.proof" name="ok" file="dir/a &quot;b&quot;.proof" line="8" time="0.003"><system-out>PROVED: exp-log normal form (cached)</system-out></testcase>
  </testsuite>
  <testsuite name="bad.proof" tests="1" failures="0" errors="1" skipped="0" time="0.001" file="bad.proof">
    <testcase classname="bad.proof" name="script" file="bad.proof" time="0.000"><error type="script-error" message="the script has errors and was not checked">bad.proof:1:5: error: unexpected token
 1 | var
   |     ^</error></testcase>
  </testsuite>
</testsuites>
`;

function validate(xml: string): { ok: boolean; out: string } {
  const path = join(mkdtempSync(join(tmpdir(), 'proofcheck-junit-')), 'report.xml');
  writeFileSync(path, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', 'test/fixtures/junit-10.xsd', path], { encoding: 'utf8' });
  return { ok: r.status === 0, out: r.stderr };
}

describe('JUnit reporter', () => {
  it('prints the sample report exactly (stable names, classname = file, file and line attributes, escaping)', () => {
    expect(formatJunit(sampleReport())).toBe(EXPECTED);
  });

  it('keeps a test name independent of the verdict', () => {
    const a = sampleReport();
    const items = a.files[0]!.items.map((it) => ({ ...it, grade: 'PROVED' as const, steps: undefined }));
    const b = { ...a, files: [{ ...a.files[0]!, items }, a.files[1]!] };
    const names = (xml: string) => [...xml.matchAll(/<testcase [^>]*name="([^"]*)"/g)].map((m) => m[1]);
    expect(names(formatJunit(b))).toEqual(names(formatJunit(a)));
    expect(names(formatJunit(a))).toEqual(['expand&lt;&amp;&gt;', 'claim at line 7', 'ok', 'script']);
  });

  it('escapes markup, quotes, control characters and lone surrogates', () => {
    expect(xmlEscape(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    expect(xmlEscape('a\u0000b\u001bc\td\ne')).toBe('a\\u0000b\\u001bc\td\ne');
    expect(xmlEscape('x\ud800y')).toBe('x\\ud800y');
    expect(xmlEscape('\ud83d\ude00')).toBe('\ud83d\ude00');
  });

  it('reports claims below the required grade as skipped when that is the policy', () => {
    const xml = formatJunit(sampleReport(), { belowRequired: 'skipped' });
    expect(xml).toContain('<skipped message="TESTED is below the required grade (--require range)"/>');
    expect(xml).toContain('tests="3" failures="1" errors="0" skipped="1"');
    expect(xml).toContain('<failure type="REFUTED"');
  });

  it('locates both wrong steps of a refuted calc in the failure', () => {
    const xml = formatJunit(checkedReport([TWO_WRONG]));
    expect(xml).toContain(`<testcase classname="${TWO_WRONG}" name="bernoulli_variance" file="${TWO_WRONG}" line="3"`);
    expect(xml).toContain(`${TWO_WRONG}:6:5: step 2 REFUTED: step 2 is false`);
    expect(xml).toContain(`${TWO_WRONG}:7:5: step 3 REFUTED: step 3 is false`);
    expect(xml.match(/<failure /g)).toHaveLength(1);
  });

  it.skipIf(!haveXmllint())('validates against the JUnit schema (xmllint)', () => {
    for (const xml of [EXPECTED, formatJunit(sampleReport(), { belowRequired: 'skipped' }), formatJunit(checkedReport([TWO_WRONG, 'proofs/bad/unknown-rule.proof', 'proofs/bad/syntax-unclosed-paren.proof', 'proofs/bad/counting-hypothesis-at-n.proof']))]) {
      const r = validate(xml);
      expect(r.ok, r.out).toBe(true);
    }
    // The schema test can fail: a report without the required testsuite attributes is rejected.
    expect(validate('<testsuites><testsuite name="x"/></testsuites>').ok).toBe(false);
  });
});

if (!haveXmllint()) console.warn('JUnit schema validation skipped: xmllint not found (apt-get install -y libxml2-utils)');
