import parse from 'spdx-expression-parse';
import { deprecatedIds, replacementFor } from './spdx-lists';

/** Walks and prints the tree spdx-expression-parse builds; the parsing itself is the library's. */
export type SpdxNode = parse.Info;
export type SpdxLeaf = parse.LicenseInfo;

export function isLeaf(node: SpdxNode): node is SpdxLeaf {
  return 'license' in node;
}

export function leafText(leaf: SpdxLeaf): string {
  return `${leaf.license}${leaf.plus ? '+' : ''}${leaf.exception ? ` WITH ${leaf.exception}` : ''}`;
}

/** Canonical text: upper-case operators; a nested AND/OR mix is parenthesised so nobody has to recall precedence. */
export function renderExpression(node: SpdxNode): string {
  if (isLeaf(node)) return leafText(node);
  const op = node.conjunction === 'and' ? 'AND' : 'OR';
  const side = (child: SpdxNode) => {
    const text = renderExpression(child);
    return !isLeaf(child) && child.conjunction !== node.conjunction ? `(${text})` : text;
  };
  return `${side(node.left)} ${op} ${side(node.right)}`;
}

export function leaves(node: SpdxNode): SpdxLeaf[] {
  return isLeaf(node) ? [node] : [...leaves(node.left), ...leaves(node.right)];
}

/** The same tree with each deprecated id replaced by its current form where one is known. */
export function replaceDeprecated(node: SpdxNode): SpdxNode {
  if (!isLeaf(node))
    return { conjunction: node.conjunction, left: replaceDeprecated(node.left), right: replaceDeprecated(node.right) };
  if (!deprecatedIds.has(node.license)) return node;
  const replacement = replacementFor(node.license, node.plus === true);
  if (!replacement) return node;
  const replaced = parse(replacement);
  if (node.exception && isLeaf(replaced) && !replaced.exception) return { ...replaced, exception: node.exception };
  return replaced;
}
