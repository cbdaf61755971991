import path from 'node:path';
import { z } from 'zod';
import { keptMap, type KeptMap } from './kept-map';

/**
 * The layer digest each zip made as it is sent turned out to have (`registry/layers.json` in the store's folder),
 * keyed by the zip's identity, so a later push of the same bundle asks the registry whether it holds that blob before
 * sending a byte. Only a push the registry accepted (it checked the digest against every byte) writes one. What is
 * kept is used for that question alone: the bytes sent are always hashed again as they go.
 */
export function transferLayers(storeDir: string): KeptMap<{ digest: string }> {
  return keptMap(
    path.join(storeDir, 'registry', 'layers.json'),
    z.object({ digest: z.string().regex(/^sha256:[0-9a-f]{64}$/) }),
    { maxEntries: 1000, maxAgeMs: 90 * 24 * 3600 * 1000, maxFileBytes: 512 * 1024 },
  );
}
