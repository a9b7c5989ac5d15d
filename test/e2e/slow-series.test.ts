/**
 * SLOW SERIES (evaluate.ts): sums whose terms decay like a power of the index, or
 * alternate in sign, are summed by extrapolation from their first 4096 terms,
 * and products as the sums of their increments: the Basel problem, zeta(4), a
 * telescoping sum, log 2, Leibniz's pi/4 and Wallis's product were inconclusive at every
 * point (100,000 terms, then given up). False variants must fail,
 * and sums that diverge, or fit neither model, must not be summed.
 */
import { describe, it } from 'vitest';
import { expectNotTested, expectTested } from './single-item.ts';

describe('SLOW SERIES', () => {
  it('sums with power-law or alternating terms are TESTED', () => {
    const claims = [
      'claim basel: sum(k = 1..inf, 1/k^2) = pi^2/6',
      'claim zeta4: sum(k = 1..inf, 1/k^4) = pi^4/90',
      'claim telescoping: sum(k = 1..inf, 1/(k*(k + 1))) = 1',
      'claim log2: sum(k = 1..inf, (-1)^(k + 1)/k) = log(2)',
      'claim leibniz: sum(k = 0..inf, (-1)^k/(2*k + 1)) = pi/4',
      'claim zeta3: sum(k = 1..inf, 1/k^3) <= 1.2021',
      'claim zeta_3_2: sum(k = 1..inf, 1/k^(3/2)) >= 2.612',
      'claim alternating_log: sum(k = 1..inf, (-1)^k/log(k + 1)) <= 0',
      // the power law sets in past k = 17 here
      'var y in (1, 300)\nclaim shifted: sum(k = 1..inf, 1/(k^2 + y)) <= pi^2/6',
      // products, as the sums of their increments
      'claim wallis: prod(k = 1..inf, 4*k^2/(4*k^2 - 1)) = pi/2',
      'claim euler: prod(k = 2..inf, 1 - 1/k^2) = 1/2',
      'var y in (1, 3)\nclaim sine: prod(k = 1..inf, 1 - y^2/(k^2*pi^2)) = sin(y)/y',
    ];
    expectTested(claims, { runs: 1000, judged: true });
  });
  it('false variants fail', () => {
    const claims = [
      'claim basel_f: sum(k = 1..inf, 1/k^2) = pi^2/6*(1 + 10^-8)',
      'claim basel_f6: sum(k = 1..inf, 1/k^2) = pi^2/6 + 10^-6',
      'claim zeta3_f: sum(k = 1..inf, 1/k^3) <= 1.2020',
      'claim log2_f: sum(k = 1..inf, (-1)^(k + 1)/k) = log(2) + 10^-7',
      'claim leibniz_f: sum(k = 0..inf, (-1)^k/(2*k + 1)) = pi/4*(1 - 10^-7)', // (1e-8 is within the tolerance: 1e-9 of the partial sums' rounding scale, about 4)
      'var y in (1, 300)\nclaim band: sum(k = 1..inf, 1/(k^2 + y)) + (y - 245)*(262 - y)/10 <= pi^2/6',
      // (a product's scale is its value's, not that of its 1024 factors' roundings)
      'claim wallis_f: prod(k = 1..inf, 4*k^2/(4*k^2 - 1)) = pi/2*(1 + 10^-7)',
    ];
    expectNotTested(claims, 'failed');
  });
  it('terms that change where the extrapolation does not read are seen (a red-team pass)', () => {
    const claims = [
      // a positive bump among the alternating terms past the 17th (Levin read only those)
      'claim alt_bump: sum(k = 1..inf, (-1)^(k + 1)/k + exp(-300/k)/(10*k^2)) = log(2)',
      // a bump at k = 2000, past the 1024 terms summed (the probes at 2N, 4N, ... see it)
      'claim late_bump: sum(k = 1..inf, 1/k^2 + 10^-3*exp(-((k - 2000)/100)^2)) = pi^2/6',
      // terms that stop decaying like k^-2 past k = 10^5
      'claim late_power: sum(k = 1..inf, 1/k^2 + 10^-9/(1 + (k/10^5)^(-3))) <= pi^2/6 + 10^-6',
      // (another red-team pass) a zero factor, a negative one and bumps at k = 3000, summed now
      'claim zero_factor: prod(k = 2..inf, (1 - 1/k^2)*(1 - 1/(1 + (k - 3000)^8))) = 1/2',
      'claim neg_factor: prod(k = 2..inf, 1 - 1/k^2 - 2/(1 + 100*(k - 3000)^8)) >= 0',
      'claim bump_factor: prod(k = 2..inf, 1 - 1/k^2 - 10^-3/(1 + ((k - 3000)/30)^8)) = 1/2',
      'claim bump_sum: sum(k = 1..inf, 1/k^2 + 10^-3/(1 + ((k - 3000)/30)^8)) = pi^2/6',
      // (a third pass) broad mass past 10^8, where the probes had stopped at 1024N (and an
      // alternating series' probes only checked the size, not that pairs cancel)
      'claim mass_sum: sum(k = 1..inf, 1/k^2 + 10^8/k^2/(1 + (10^8/k)^8)) = pi^2/6',
      'claim mass_diverges: sum(k = 1..inf, 1/k^2 + 10^-3/(1 + (10^8/k)^8)) = pi^2/6',
      'claim mass_alternating: sum(k = 1..inf, (-1)^(k+1)/k + 10^8/k^2/(1 + (10^8/k)^8)) = log(2)',
      'claim mass_product: prod(k = 2..inf, (1 - 1/k^2)*(1 + 10^8/k^2/(1 + (10^8/k)^8))) = 1/2',
    ];
    expectNotTested(claims, 'not passed');
  });
  it('divergent sums, and sums that fit neither model, are not summed', () => {
    const claims = [
      'claim harmonic: sum(k = 1..inf, 1/k) <= 100',
      'claim p105: sum(k = 1..inf, 1/k^(21/20)) <= 100',
      'claim grandi: sum(k = 0..inf, (-1)^k) = 1/2',
      'claim not_decaying: sum(k = 0..inf, (-1)^k*k/(k + 1)) = 0',
      'claim log_factor: sum(k = 2..inf, 1/(k*log(k)^2)) <= 3',
      'claim not_alternating: sum(k = 1..inf, sin(k)/k) = (pi - 1)/2',
      'claim divergent_product: prod(k = 1..inf, 1 + 1/k) <= 1000',
    ];
    expectNotTested(claims, 'not passed');
  });
});
