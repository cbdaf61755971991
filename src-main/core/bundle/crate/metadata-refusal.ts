import type { Problem } from '../../../common/problem';
import { isCodeIn, jsonCodeSchema } from '../../../common/problem-codes';

const CRATE_PATH = 'data/ro-crate-metadata.json';

/**
 * The metadata problems that make a bundle's metadata unusable (CLI.md: `verify` checks "metadata
 * well-formedness"): a crate that is refused as JSON (not JSON, duplicate or `__proto__` keys, too deep or too
 * large, not UTF-8), that is not a JSON-LD graph, or that states a file digest other than the manifest's
 * (BUNDLE-FORMAT section 2: the crate's `sha256` "must equal the manifest's digest"). Such a bundle never verifies
 * as valid and, once stored, is never approvable: nothing it says about itself can be relied on.
 */
export function metadataRefusals(problems: Problem[]): Problem[] {
  return problems.filter((p) => {
    if (p.code === 'crate-sha256-mismatch' || p.code === 'metadata-unreadable' || p.code === 'metadata-internal-error')
      return true;
    const aboutCrate = p.path === CRATE_PATH || p.entity === 'ro-crate-metadata.json';
    return aboutCrate && (isCodeIn(jsonCodeSchema, p.code) || p.code === 'crate-no-graph');
  });
}
