import { writeVariant } from '../e2e/bundle-variants';

type Entity = Record<string, unknown>;

/**
 * The sample bundle with its evaluation data made restricted and non-commercial (so the model is
 * restricted by its data), and, when asked, a sloppy license id on the training code.
 */
export function restrictedVariant(
  source: string,
  target: string,
  options: { name?: string; sloppyCode?: boolean; access?: string } = {},
): Promise<void> {
  return writeVariant(source, target, (crate) => {
    const byId = (id: string) => {
      const e = crate['@graph'].find((x) => x['@id'] === id) as Entity | undefined;
      if (!e) throw new Error(`no ${id} in the crate`);
      return e;
    };
    if (options.name) byId('./').name = options.name;
    const data = byId('eval/test.csv');
    data.conditionsOfAccess = options.access ?? 'restricted';
    data.license = 'CC-BY-NC-4.0';
    if (options.sloppyCode) byId('code/train.py').license = 'Apache 2';
  });
}
