import { allCurrentIds } from './spdx-lists';

/**
 * What the policy and the combination rules need to know about a license beyond its id. The families
 * are matched on the SPDX list itself, so every version and port (CC-BY-NC-SA-2.0-FR, …) is covered.
 */
const nonCommercial = /^(CC-BY-NC-|CC-NC-|NCGL-UK-|PolyForm-Noncommercial-)/;
const shareAlike = /^(CC-BY-SA-|CC-BY-NC-SA-|CC-SA-|ODbL-|CDLA-Sharing-|GFDL-)/;
// Strong and weak copyleft for code: the file- or library-level ones still bind distribution.
const copyleft =
  /^(A?GPL-|LGPL|MPL-|EPL-|CDDL-|EUPL-|OSL-|CPL-|CPAL-|SSPL-|RPL-|QPL-|MS-RL$|APSL-|CECILL-(\d|C)|Sleepycat$|eCos-|wxWindows$)/;

export function isNonCommercial(id: string): boolean {
  return nonCommercial.test(id);
}

export function isShareAlike(id: string): boolean {
  return shareAlike.test(id);
}

/** Copyleft in the sense of distribution obligations: code licenses plus share-alike content licenses. */
export function isCopyleft(id: string): boolean {
  return copyleft.test(id) || shareAlike.test(id);
}

export type LicenseCategory = 'non-commercial' | 'share-alike' | 'copyleft';

export function categoryOf(id: string): LicenseCategory | null {
  if (isNonCommercial(id)) return 'non-commercial';
  if (isShareAlike(id)) return 'share-alike';
  if (copyleft.test(id)) return 'copyleft';
  return null;
}

/** Permissive licenses the default policy allows: attribution at most, no copyleft, no field-of-use limits. */
export const permissiveDefaults: readonly string[] = [
  '0BSD',
  'AFL-3.0',
  'Apache-1.1',
  'Apache-2.0',
  'Artistic-2.0',
  'BlueOak-1.0.0',
  'BSD-1-Clause',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'BSD-3-Clause-Clear',
  'BSL-1.0',
  'CC-BY-2.0',
  'CC-BY-2.5',
  'CC-BY-3.0',
  'CC-BY-4.0',
  'CC-PDDC',
  'CC0-1.0',
  'CDLA-Permissive-1.0',
  'CDLA-Permissive-2.0',
  'curl',
  'ECL-2.0',
  'HPND',
  'ISC',
  'libpng-2.0',
  'MIT',
  'MIT-0',
  'MS-PL',
  'MulanPSL-2.0',
  'NCSA',
  'ODC-By-1.0',
  'PDDL-1.0',
  'PostgreSQL',
  'PSF-2.0',
  'Python-2.0',
  'Unicode-3.0',
  'Unicode-DFS-2016',
  'Unlicense',
  'UPL-1.0',
  'W3C',
  'X11',
  'Zlib',
];

/** Every current id in a category, for the default policy's review list. */
export function currentIdsWhere(test: (id: string) => boolean): string[] {
  return allCurrentIds.filter(test);
}
