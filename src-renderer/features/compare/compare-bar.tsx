import { ComparePicker } from './compare-picker';
import { DriftBanner } from './drift-banner';

/**
 * The bundle page's entry points to the compare view: drift alerts (against the earlier bundle) and "Compare with…".
 */
export function CompareBar({ digest }: { digest: string }) {
  return (
    <>
      <DriftBanner digest={digest} />
      <div className="compare-bar">
        <ComparePicker digest={digest} />
      </div>
    </>
  );
}
