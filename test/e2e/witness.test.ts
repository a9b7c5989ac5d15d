/**
 * The two witnesses together (issue 5): TESTED when no exact method applies,
 * REFUTED with a seed that replays, and a planted kernel bug caught as an
 * ENGINE INCONSISTENCY (never a pass).
 */
import { describe, expect, it, vi } from 'vitest';
import { check, DEFAULT_OPTIONS } from '../../src/proofs/run.ts';
import { exitCode, summarize } from '../../src/proofs/report.ts';

describe('numeric witness merged with the exact kernel', () => {
  it('a claim outside the exact kernel is TESTED, with its run count', () => {
    const r = check('var x > 0\nclaim complementary: atan(x) + atan(1/x) = pi/2\n');
    expect(r.errors).toEqual([]);
    const it0 = r.items[0]!;
    expect(it0.grade).toBe('TESTED');
    // the generators repeat some values (0, the bounds): the distinct points are said
    expect(it0.summary).toMatch(new RegExp(`1000 runs agreed at ${it0.numeric?.points} distinct points`));
    expect(it0.numeric?.runs).toBe(1000);
    expect(it0.numeric?.points).toBeGreaterThan(500);
  });

  it('TESTED falls short of the default requirement but meets --require tested', () => {
    const r = check('var x > 0\nclaim: atan(x) + atan(1/x) = pi/2\n');
    expect(exitCode({ files: [r], requirement: 'range', summary: summarize([r], 'range'), timeMs: 0 })).toBe(1);
    expect(exitCode({ files: [r], requirement: 'tested', summary: summarize([r], 'tested'), timeMs: 0 })).toBe(0);
  });

  it('a false claim is REFUTED and the numeric counterexample replays from its seed', () => {
    const text = 'var x real\nclaim: sin(x)^2 = sin(x)\n';
    const r = check(text);
    const item = r.items[0]!;
    expect(item.grade).toBe('REFUTED');
    const n = item.numeric!;
    expect(n.status).toBe('failed');
    expect(n.seed).toBe(42);
    const replay = check(text, '<replay>', { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, seed: n.seed!, path: n.path } });
    expect(replay.items[0]!.numeric?.counterexample).toEqual(n.counterexample);
  });
});

describe('float underflow is not evidence', () => {
  it('the Poisson mean over all theta > 0 is PROVED, not an inconsistency (exp(-746) underflows: such points are discarded)', () => {
    const r = check('var theta > 0\nclaim: sum(x = 0..inf, x * theta^x / x! * exp(-theta)) = theta\n');
    const item = r.items[0]!;
    expect(item.grade).toBe('PROVED');
    expect(item.numeric?.status).toBe('passed');
    expect(item.numeric?.discarded).toBeGreaterThan(0);
  });
});

describe('a planted kernel bug', () => {
  it('is reported as an ENGINE INCONSISTENCY with both witnesses, and exits 2', async () => {
    vi.resetModules();
    vi.doMock('../../src/algebra/kernel.ts', async (importOriginal) => {
      const real = await importOriginal<typeof import('../../src/algebra/kernel.ts')>();
      const { Certificate, KERNEL_KEY } = await import('../../src/algebra/certificate.ts');
      // The planted bug: the gate "proves" every relation.
      return { ...real, decideRelation: () => ({ status: 'proved', certificate: Certificate.mint(KERNEL_KEY as never, 'planted', 'planted bug') }) };
    });
    const { check: checkWithBug } = await import('../../src/proofs/run.ts');
    const r = checkWithBug('var mu in (0, 1)\nclaim variance: mu*(1 - mu) = mu*(1 + mu)\n');
    vi.doUnmock('../../src/algebra/kernel.ts');
    const item = r.items[0]!;
    expect(item.grade).toBe('INCONSISTENT');
    expect(item.summary).toMatch(/engine bug/);
    expect(item.details.join('\n')).toMatch(/exact witness: PROVED/);
    expect(item.details.join('\n')).toMatch(/numeric witness: counterexample/);
    expect(exitCode({ files: [r], requirement: 'range', summary: summarize([r], 'range'), timeMs: 0 })).toBe(2);
  });
});
