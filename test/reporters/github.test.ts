/**
 * The GitHub Actions reporter: exact workflow commands (escaping of properties and
 * messages), one annotation per failing step at the step's own line and column,
 * warnings as ::warning.
 */
import { describe, expect, it } from 'vitest';
import { escapeData, formatGithub } from '../../src/reporters/github.ts';
import { checkedReport, sampleReport, TWO_WRONG } from '../helpers/reports.ts';

const EXPECTED = `::warning file=dir/a "b".proof,line=4,col=22,title=expand<&>%3A rule/not-used::rule 'algebra' did not decide this step
::error file=dir/a "b".proof,line=4,col=5,endLine=4,endColumn=20,title=REFUTED%3A expand<&>%2C step 1::step 1 is false
::error file=dir/a "b".proof,line=5,col=5,endLine=5,endColumn=20,title=REFUTED%3A expand<&>%2C step 2::step 2 is false
::error file=dir/a "b".proof,line=7,col=1,title=TESTED%3A claim at line 7::no exact method applied; 1000 random points agreed%0Abelow the required grade (--require range)%0Anumeric witness: 1000 runs agreed, seed 42
::error file=bad.proof,line=1,col=5,title=proofcheck%3A script error::unexpected token
1 passed, 2 failed, 0 undecided, 1 errors
`;

describe('GitHub reporter', () => {
  it('prints the sample report exactly', () => {
    expect(formatGithub(sampleReport())).toBe(EXPECTED);
  });

  it('escapes %, line breaks, and : and , in properties', () => {
    expect(escapeData('50% a\r\nb')).toBe('50%25 a%0D%0Ab');
    expect(escapeData('a:b,c', true)).toBe('a%3Ab%2Cc');
    expect(escapeData('a:b,c')).toBe('a:b,c');
  });

  it('annotates both wrong steps of a refuted calc at their own lines, titled with the claim', () => {
    const lines = formatGithub(checkedReport([TWO_WRONG])).split('\n').filter((l) => l.startsWith('::'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^::error file=${TWO_WRONG},line=6,col=5,endLine=6,endColumn=\\d+,title=REFUTED%3A bernoulli_variance%2C step 2::step 2 is false%0A`));
    expect(lines[1]).toMatch(new RegExp(`^::error file=${TWO_WRONG},line=7,col=5,endLine=7,endColumn=\\d+,title=REFUTED%3A bernoulli_variance%2C step 3::step 3 is false%0A`));
  });
});
