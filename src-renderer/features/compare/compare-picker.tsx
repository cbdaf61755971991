import { useId, useState } from 'react';
import { compareHref } from '../../app/routes';
import { useBundleNames } from '../replays/use-bundle-names';

/** "Compare with…": pick another stored bundle, then open the compare view (this bundle as A). */
export function ComparePicker({ digest }: { digest: string }) {
  const names = useBundleNames();
  const [other, setOther] = useState('');
  const id = useId();
  const options = [...names].filter(([d]) => d !== digest);
  if (options.length === 0) return null;
  return (
    <span className="compare-picker">
      <label htmlFor={id} className="visually-hidden">
        Compare with another bundle
      </label>
      <select id={id} className="input" value={other} onChange={(e) => setOther(e.target.value)}>
        <option value="">Compare with…</option>
        {options.map(([d, name]) => (
          <option key={d} value={d}>
            {name} ({d.slice(0, 8)})
          </option>
        ))}
      </select>
      {other ? (
        <a className="btn btn-small" href={compareHref(digest, other)}>
          Compare
        </a>
      ) : (
        <button type="button" className="btn btn-small" disabled>
          Compare
        </button>
      )}
    </span>
  );
}
