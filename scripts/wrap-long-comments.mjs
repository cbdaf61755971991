// Prettier keeps code within 120 columns but never touches comments: this wraps the comments that are longer.
// A comment alone on its line is wrapped in place; a comment after code moves above that line. Strings are left
// long on purpose (breaking a message mid-sentence hurts grep more than it helps), and lint's max-len says so.
// Usage: node scripts/wrap-long-comments.mjs [FILE...]   (no files: every tracked source; npm run format runs it)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';

const WIDTH = 120;

/** Words of `text` in lines of at most `width` characters (a word longer than that stays whole). */
function wrapWords(text, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Every comment of the file with its kind, found by TypeScript's parser (so `//` inside a string is not one). */
function comments(text, fileName) {
  const source = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found = new Map();
  // getChildren includes the punctuation tokens, so a comment after a comma or a brace is found too.
  const visit = (node) => {
    for (const ranges of [
      ts.getLeadingCommentRanges(text, node.getFullStart()),
      ts.getTrailingCommentRanges(text, node.getEnd()),
    ]) {
      for (const r of ranges ?? []) found.set(r.pos, r);
    }
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...found.values()].sort((a, b) => a.pos - b.pos);
}

function wrapFile(file) {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const starts = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const lineOf = (pos) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const replacements = new Map(); // line index -> replacement lines
  for (const c of comments(text, file)) {
    const first = lineOf(c.pos);
    const last = lineOf(c.end - 1);
    if (c.kind === ts.SyntaxKind.SingleLineCommentTrivia) {
      const line = lines[first];
      if (line.length <= WIDTH || replacements.has(first)) continue;
      const col = c.pos - starts[first];
      const before = line.slice(0, col);
      const body = line.slice(col + 2).trim();
      // directives stay whole
      if (body.startsWith('/') || /^(eslint-|@ts-|prettier-ignore|istanbul)/.test(body)) continue;
      const indent = /^\s*/.exec(line)[0];
      const wrapped = wrapWords(body, WIDTH - indent.length - 3).map((w) => `${indent}// ${w}`);
      replacements.set(first, before.trim() === '' ? wrapped : [...wrapped, before.trimEnd()]);
    } else if (first === last) {
      // A one-line block comment alone on its line (`/** … */`) becomes a block of its own lines.
      const line = lines[first];
      const m = /^(\s*)\/\*(\*?)\s*(.*?)\s*\*\/\s*$/.exec(line);
      if (line.length <= WIDTH || replacements.has(first) || !m) continue;
      const [, indent, doc] = m;
      const body = wrapWords(m[3], WIDTH - indent.length - 3).map((w) => `${indent} * ${w}`);
      replacements.set(first, [`${indent}/*${doc}`, ...body, `${indent} */`]);
    } else {
      for (let i = first; i <= last; i++) {
        const line = lines[i];
        if (line.length <= WIDTH || replacements.has(i)) continue;
        const m = /^(\s*\*\s?)(\S.*)$/.exec(line);
        if (!m || i === first || i === last) continue; // only the body lines of a block comment
        if (/^@example|^```/.test(m[2])) continue;
        // The rest of the paragraph flows after it (up to a blank line, a list item, a tag or a table), so the
        // words that overflow join the next line instead of standing alone.
        let end = i + 1;
        const words = [m[2]];
        for (; end < last; end++) {
          const next = /^\s*\*\s?(\S.*)$/.exec(lines[end]);
          if (!next || /^(@|- |\* |\d+\. |\||```)/.test(next[1]) || replacements.has(end)) break;
          words.push(next[1]);
        }
        replacements.set(
          i,
          wrapWords(words.join(' '), WIDTH - m[1].length).map((w) => `${m[1]}${w}`),
        );
        for (let k = i + 1; k < end; k++) replacements.set(k, []);
        i = end - 1;
      }
    }
  }
  if (replacements.size === 0) return false;
  const out = lines.flatMap((line, i) => replacements.get(i) ?? [line]);
  writeFileSync(file, out.join('\n'));
  return true;
}

function trackedSources() {
  const out = execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.mjs', '*.js'], { encoding: 'utf8' });
  return out.split('\n').filter((f) => f && !f.startsWith('test/fixtures/'));
}

const files = process.argv.length > 2 ? process.argv.slice(2) : trackedSources();
let changed = 0;
for (const file of files) if (wrapFile(file)) changed++;
console.log(`wrapped long comments in ${changed} file(s)`);
