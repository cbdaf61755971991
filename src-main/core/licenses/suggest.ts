import parse from 'spdx-expression-parse';
import correct from 'spdx-correct';
import { currentIds, deprecatedIds, idIgnoringCase, replacementFor } from './spdx-lists';
import { renderExpression, replaceDeprecated } from './render';

/**
 * A corrected SPDX expression for something written sloppily, or null when no correction is
 * certain enough to show. Only ever a suggestion: the caller still reports the original as invalid.
 */
export function suggestCorrection(written: string): string | null {
  const text = written.trim();
  if (!text) return null;
  // fromOperands answers '' to stop the chain: operators are present but no clean correction exists.
  const suggestion = fromUrl(text) ?? fromOperands(text) ?? fromWhole(text);
  return suggestion && isCleanExpression(suggestion) && keepsWhatWasWritten(text, suggestion) ? suggestion : null;
}

/**
 * spdx-correct guesses generously: `GPL-9.0` → GPL-3.0-or-later, `Apache-2.0/MIT` → Apache-2.0.
 * A suggestion must keep every version number and every license id the writer gave.
 */
function keepsWhatWasWritten(written: string, suggestion: string): boolean {
  const numbers = new Set(suggestion.match(/\d+/g) ?? []);
  if (!(written.match(/\d+/g) ?? []).every((n) => numbers.has(n))) return false;
  return written.split(/[\s,/|&;()]+/).every((token) => {
    const id = idIgnoringCase(token);
    return !id || suggestion.includes(id);
  });
}

/** One license, written sloppily: a case slip (`apache-2.0`) first, then spdx-correct's guesses. */
function fromWhole(text: string): string | null {
  const exact = idIgnoringCase(text);
  const id = exact ?? correct(text, { upgrade: false });
  if (!id) return null;
  return upgrade(id);
}

/** Several operands joined by AND/OR/WITH: correct each operand and keep the structure. */
function fromOperands(text: string): string | null {
  const pieces = text.split(/(\(|\)|\s+(?:AND|OR|WITH)\s+)/i).filter((p) => p.trim() !== '');
  const hasOperator = pieces.some((p) => /^\s+(AND|OR|WITH)\s+$/i.test(p));
  if (!hasOperator) {
    // `MIT AND` and the like: spdx-correct would drop the dangling operator and pretend all is well.
    return /(^|\s)(AND|OR|WITH)(\s|$)/i.test(text) ? '' : null;
  }
  let afterWith = false;
  const fixed: string[] = [];
  for (const piece of pieces) {
    const operator = /^\s+(AND|OR|WITH)\s+$/i.exec(piece);
    if (operator) {
      fixed.push(` ${operator[1]!.toUpperCase()} `);
      afterWith = operator[1]!.toUpperCase() === 'WITH';
    } else if (piece === '(' || piece === ')') {
      fixed.push(piece);
    } else {
      const operand = piece.trim();
      const corrected = afterWith ? operand : (fromWhole(operand) ?? (canParse(operand) ? operand : null));
      if (!corrected) return '';
      fixed.push(/\s/.test(corrected) && !afterWith ? `(${corrected})` : corrected);
      afterWith = false;
    }
  }
  const joined = fixed.join('');
  return canParse(joined) ? renderExpression(replaceDeprecated(parse(joined))) : '';
}

const spdxUrl = /^https?:\/\/spdx\.org\/licenses\/([A-Za-z0-9.+-]+?)(?:\.html|\.json)?\/?$/i;
const ccUrl =
  /^https?:\/\/creativecommons\.org\/(?:licenses\/(by(?:-nc)?(?:-nd|-sa)?)\/(\d\.\d)|publicdomain\/zero\/1\.0)\/?(?:legalcode(?:\.[a-z]+)?)?$/i;

/**
 * License pages written where an id belongs: the SPDX page names its id; unported Creative Commons ones map directly.
 */
function fromUrl(text: string): string | null {
  const spdx = spdxUrl.exec(text);
  if (spdx) return fromWhole(spdx[1]!);
  const cc = ccUrl.exec(text);
  if (!cc) return null;
  const id = cc[1] ? `CC-${cc[1].toUpperCase()}-${cc[2]}` : 'CC0-1.0';
  return currentIds.has(id) ? id : null;
}

function upgrade(id: string): string {
  const plus = id.endsWith('+');
  const bare = plus ? id.slice(0, -1) : id;
  if (!deprecatedIds.has(bare)) return id;
  return replacementFor(bare, plus) ?? id;
}

function canParse(text: string): boolean {
  try {
    parse(text);
    return true;
  } catch {
    return false;
  }
}

function isCleanExpression(text: string): boolean {
  return text !== '' && canParse(text);
}
