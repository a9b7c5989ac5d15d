/**
 * The blog posts (proofs/blog/*.md): every row read from LaTeX is checked at its
 * exact grade (pinned here, exact kernel only; corpus.test.ts runs them with the
 * numeric witness too), and the display blocks that are not checked are listed with
 * their reasons.
 */
import { describe, expect, it } from 'vitest';
import { checkSource, DEFAULT_OPTIONS } from '../../src/proofs/run.ts';
import { readScript } from '../../src/proofs/files.ts';

const OPTS = { ...DEFAULT_OPTIONS, numeric: { ...DEFAULT_OPTIONS.numeric, enabled: false } };

function grades(path: string): { items: string[]; unchecked: string[] } {
  const r = checkSource(readScript(path), OPTS);
  expect(r.errors).toEqual([]);
  return {
    items: r.items.map((i) => `${i.line}:${i.col} ${i.name ?? '-'} ${i.grade}${i.latex ? ' (latex)' : ''}`),
    unchecked: (r.math ?? []).filter((b) => b.status !== 'checked').map((b) => `${b.line} ${b.reason}`),
  };
}

describe('proofs/blog', () => {
  it('truncated-exp-log.md', () => {
    expect(grades('proofs/blog/truncated-exp-log.md')).toEqual({
      items: [
        '33:1 coefficients_are_one PROVED_RANGE (latex)', '40:1 tail_coefficients PROVED_RANGE (latex)',
        '48:1 inequality PROVED_RANGE (latex)', '55:1 by_hand_p4 PROVED (latex)',
        '66:1 derivative_chain_1 PROVED_RANGE (latex)', '67:1 derivative_chain_2 PROVED_RANGE (latex)',
        '77:1 first_derivative_by_hand PROVED_RANGE (latex)', '89:1 third_derivative PROVED_RANGE (latex)',
      ],
      unchecked: ['6 before the first proof block', '96 skipped (proofcheck: skip)', '103 a definition (:=), not a claim'],
    });
  });
  it('exponential-family.md', () => {
    const g = grades('proofs/blog/exponential-family.md');
    expect(g.items).toEqual([
      '21:1 bern_normalised PROVED', '34:1 first_derivative PROVED (latex)', '44:1 mean PROVED (latex)',
      '53:1 variance PROVED (latex)', '59:1 variance_by_moments PROVED (latex)', '66:1 - PROVED (latex)',
      '75:1 - PROVED (latex)', '79:1 A_in_mu PROVED (latex)', '89:1 - PROVED (latex)', '95:1 convex PROVED (latex)',
    ]);
    expect(g.unchecked).toEqual([]);
  });
  it('nce-optimum.md', () => {
    expect(grades('proofs/blog/nce-optimum.md').items).toEqual([
      '26:1 loss_derivative PROVED (latex)', '36:1 convexity PROVED (latex)', '42:1 minimiser PROVED (latex)',
      '48:1 classifier_at_optimum PROVED (latex)', '57:1 log_of_the_optimum PROVED (latex)', '64:1 bias_recovers_log_Z PROVED (latex)',
    ]);
  });
});
