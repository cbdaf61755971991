import type { ModelCard } from '../../common/schemas/model-card';
import { CodedError } from '../../common/result';
import { parseReplaySpec } from '../bundle/replay-spec';
import { modelCard, type ModelCardOptions } from '../replay/model-card';
import type { Store } from '../store/store';
import { bundleMetadata, payloadFiles } from '../store/repos/bundles-repo';

/**
 * A stored bundle's model card (bundles:modelCard): its ONNX file described and tried in the limited replay worker.
 * A bundle's payload never changes, so each card is made once per digest and kept while the core runs.
 */

const MAX_CACHED = 200;
const cards = new Map<string, Promise<ModelCard | null>>();

export function storedModelCard(
  store: Store,
  digest: string,
  options: ModelCardOptions = {},
): Promise<ModelCard | null> {
  const key = `${store.dir}\0${digest}`;
  const cached = cards.get(key);
  if (cached) return cached;
  const metadata = bundleMetadata(store, digest);
  if (!metadata) throw new CodedError('not-found', `no bundle with digest ${digest} in this store`);
  const files: Record<string, string> = {};
  for (const f of payloadFiles(store, digest)) {
    if (f.path.startsWith('data/')) files[f.path.slice('data/'.length)] = store.blobs.pathOf(f.sha256);
  }
  const spec = metadata.replay ? parseReplaySpec(metadata.replay).spec : null;
  const card = modelCard(files, spec, options);
  if (cards.size >= MAX_CACHED) cards.delete(cards.keys().next().value!);
  cards.set(key, card);
  card.catch(() => cards.delete(key)); // a failure is not kept: asking again tries again
  return card;
}
