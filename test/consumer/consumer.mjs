// Plain Node, no loader: the package's main entry point by its name.
import { check, gradeLabel } from 'proofcheck';

const report = check('var x real\nclaim square: (x + 1)^2 = x^2 + 2*x + 1\n', 'inline.proof');
for (const item of report.items) console.log(`${item.name}: ${gradeLabel(item.grade)}`);
