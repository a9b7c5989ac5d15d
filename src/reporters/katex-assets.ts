/**
 * KaTeX for the HTML report: server-side rendering of LaTeX, and the KaTeX
 * stylesheet with only the fonts the rendered math uses, inlined as base64 woff2
 * (so the report works offline and stays small). The stylesheet and fonts are
 * read once from the `katex` package (resolved with createRequire, so the same
 * code works from src/ and from a compiled dist/).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import katex from 'katex';

const require = createRequire(import.meta.url);

let cssCache: string | undefined;

function katexCss(): string {
  cssCache ??= readFileSync(require.resolve('katex/dist/katex.min.css'), 'utf8');
  return cssCache;
}

/**
 * Renders LaTeX to HTML (with MathML for screen readers); errors become a visible
 * `.katex-error` span, never a throw. Adds each element's class list to `used`.
 */
export function renderMath(tex: string, display: boolean, used: Set<string>): string {
  const html = katex.renderToString(tex, { displayMode: display, throwOnError: false, strict: 'ignore', output: 'htmlAndMathml' });
  for (const m of html.matchAll(/class="([^"]*)"/g)) used.add(m[1]!.trim());
  return html;
}

const BOLD = ['mathbf', 'textbf', 'boldsymbol', 'mathboldfrak', 'textboldfrak', 'mathboldsf', 'textboldsf'];
const ITALIC = ['mathit', 'textit', 'mathitsf', 'mathsfit', 'textitsf'];

/**
 * Whether some alternative of a selector list can match the rendered math: each of
 * its compound selectors (`.delimsizing.size3`) has all its classes on one element.
 */
function selectorMatches(selector: string, elements: readonly (readonly string[])[]): boolean {
  return selector.split(',').some((alt) => alt.trim().split(/[\s>+~]+/).every((compound) => {
    const classes = [...compound.matchAll(/\.([\w-]+)/g)].map((m) => m[1]!);
    return elements.some((el) => classes.every((c) => el.includes(c)));
  }));
}

/**
 * KaTeX's stylesheet with @font-face rules only for the families (and weights and
 * styles) that the rendered math needs (`used`: the class lists of its elements),
 * each as an inline base64 woff2.
 */
export function katexStylesheet(used: ReadonlySet<string>): string {
  const css = katexCss();
  const elements = [...used].map((list) => list.split(/\s+/));
  const classes = new Set(elements.flat());
  const families = new Set<string>();
  for (const m of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const selector = m[1]!.trim();
    if (selector.startsWith('@')) continue;
    const fam = /font(?:-family)?:[^;}]*?KaTeX_(\w+)/.exec(m[2]!);
    if (fam && selectorMatches(selector, elements)) families.add(fam[1]!);
  }
  const bold = BOLD.some((c) => classes.has(c));
  const italic = ITALIC.some((c) => classes.has(c));
  const faces = [...css.matchAll(/@font-face\{([^}]*)\}/g)].map((m) => m[1]!);
  const hasNormal = (fam: string) => faces.some((f) => f.includes(`font-family:KaTeX_${fam};`) && f.includes('font-style:normal'));
  const kept: string[] = [];
  for (const f of faces) {
    const fam = /font-family:KaTeX_(\w+)/.exec(f)?.[1];
    const file = /url\(fonts\/([\w-]+\.woff2)\)/.exec(f)?.[1];
    if (!fam || !file || !families.has(fam)) continue;
    const weight = /font-weight:(\d+)/.exec(f)?.[1] ?? '400';
    const style = /font-style:(\w+)/.exec(f)?.[1] ?? 'normal';
    if (weight !== '400' && !bold) continue;
    if (style !== 'normal' && !italic && hasNormal(fam)) continue;
    const data = readFileSync(require.resolve(`katex/dist/fonts/${file}`)).toString('base64');
    kept.push(`@font-face{font-display:block;font-family:KaTeX_${fam};font-style:${style};font-weight:${weight};src:url(data:font/woff2;base64,${data}) format("woff2")}`);
  }
  return kept.join('\n') + '\n' + css.replace(/@font-face\{[^}]*\}/g, '');
}
