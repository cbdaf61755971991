// The layers of src-main (DESIGN.md, issue 14) as one ESLint rule: every relative import is resolved against the
// importing file, so a rule holds however deep the file sits and whatever its import path looks like.
//
//   cli, electron, host  →  core/services only (the one door), and common
//   core/services        →  any core module
//   core/<domain>        →  other domain modules and core/store, never core/services
//   core/store           →  nothing else of core (the bottom layer)
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const srcMain = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src-main');
const hosts = new Set(['cli', 'electron', 'host']);

/** Where a file sits: src-main's top folder and, in core, its module (core/<folder>, or core/<file> at core's root). */
function place(file) {
  const rel = path.relative(srcMain, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  return {
    area: parts[0],
    module: parts[0] === 'core' && parts.length > 1 ? parts[1].replace(/\.[cm]?[jt]sx?$/, '') : null,
  };
}

const messages = {
  hostThroughServices:
    'src-main/{{area}} reaches core only through core/services: import it through core/services (call or add a service function there, or re-export what you need from a services file), not from core/{{module}}',
  cliNotHost:
    'src-main/cli does not import src-main/host: what both need belongs in core/services (or src-main/common)',
  domainNotServices:
    'core/{{module}} is a domain module below core/services and must not import it: move what it needs down (into core/{{module}} or a module below it) and let core/services call it',
  storeAtBottom:
    'core/store is the bottom layer and imports no other core module (here core/{{target}}): pass the behaviour in from above, as an option or a parameter (see StoreOptions.onRecovered), or move the shared part into core/store',
};

function check(from, to) {
  if (!from || !to) return null;
  if (hosts.has(from.area)) {
    if (to.area === 'core' && to.module !== 'services')
      return { messageId: 'hostThroughServices', data: { area: from.area, module: to.module ?? '' } };
    if (from.area === 'cli' && to.area === 'host') return { messageId: 'cliNotHost', data: {} };
    return null;
  }
  if (from.area !== 'core' || to.area !== 'core' || from.module === to.module) return null;
  if (from.module === 'store') return { messageId: 'storeAtBottom', data: { target: to.module ?? '' } };
  if (from.module !== 'services' && to.module === 'services')
    return { messageId: 'domainNotServices', data: { module: from.module ?? '' } };
  return null;
}

export default {
  meta: {
    type: 'problem',
    docs: {
      description:
        'the layers of src-main: hosts through core/services, domain modules below services, core/store at the bottom',
    },
    messages,
    schema: [],
  },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const from = place(file);
    if (!from) return {};
    const report = (node) => {
      const specifier = node && typeof node.value === 'string' ? node.value : null;
      if (!specifier || !specifier.startsWith('.')) return;
      const problem = check(from, place(path.resolve(path.dirname(file), specifier)));
      if (problem) context.report({ node, ...problem });
    };
    return {
      ImportDeclaration: (node) => report(node.source),
      ExportNamedDeclaration: (node) => report(node.source),
      ExportAllDeclaration: (node) => report(node.source),
      ImportExpression: (node) => report(node.source),
      TSImportType: (node) => report(node.argument?.literal ?? node.argument),
    };
  },
};
