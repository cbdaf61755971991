import { EmptyState } from '../../components/empty-state';
import { hrefFor, type SectionId } from '../../app/routes';

/** Sections whose features arrive later say honestly what will be here and how to get it. */
const COPY: Partial<Record<SectionId, { title: string; icon: string; what: string; how: string }>> = {
  replays: {
    title: 'No replays yet',
    icon: '↻',
    what: 'Each replay re-runs a bundle’s model on its evaluation data and compares the metrics with the ones the run reported, within the tolerances the bundle declares.',
    how: 'Replay a bundle from its page. Its verdict and metric differences will be listed here.',
  },
  approvals: {
    title: 'No approvals yet',
    icon: '✓',
    what: 'Approvals record who signed off a verified bundle, under which policy, with their key.',
    how: 'Approve a verified bundle from its page once approvals are enabled. Pending and granted approvals will be listed here.',
  },
  modules: {
    title: 'No modules registered',
    icon: '◇',
    what: 'Modules are the code components bundles declare (name, version, repository, commit), with their owners.',
    how: 'Import bundles that declare modules; each module and the bundles that use it will be listed here.',
  },
};

export function LaterSection({ section }: { section: SectionId }) {
  const c = COPY[section];
  if (!c) return null;
  return (
    <div className="page">
      <div className="page-head">
        <h1>{section[0]!.toUpperCase() + section.slice(1)}</h1>
      </div>
      <EmptyState title={c.title} icon={c.icon}>
        <p>{c.what}</p>
        <p>
          <strong>How to get here:</strong> {c.how}
        </p>
        <a className="btn" href={hrefFor('bundles')}>
          Go to Bundles
        </a>
      </EmptyState>
    </div>
  );
}
