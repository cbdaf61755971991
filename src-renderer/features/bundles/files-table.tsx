import type { BundleFile } from '../../../src-main/common/schemas/bundle';
import type { Problem } from '../../../src-main/common/problem';
import { CopyButton } from '../../components/copy-button';
import { formatBytes, shortDigest } from '../../components/format';

/** Problems name files by bag path (data/…); metadata names them relative to data/. */
function problemsByFile(problems: Problem[]): Map<string, Problem[]> {
  const m = new Map<string, Problem[]>();
  for (const p of problems) {
    if (!p.path) continue;
    const key = p.path.replace(/^data\//, '');
    m.set(key, [...(m.get(key) ?? []), p]);
  }
  return m;
}

export function FilesTable({ files, problems }: { files: BundleFile[]; problems: Problem[] }) {
  const byFile = problemsByFile(problems);
  return (
    <section className="card" aria-labelledby="sec-files">
      <h2 id="sec-files">Files ({files.length})</h2>
      {files.length === 0 ? (
        <p className="muted">The metadata lists no files.</p>
      ) : (
        <div className="table-wrap">
          <table className="table files-table">
            <thead>
              <tr>
                <th scope="col">Path</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">Role</th>
                <th scope="col">License</th>
                <th scope="col">Access</th>
                <th scope="col">SHA-256</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => {
                const ps = byFile.get(f.path) ?? [];
                return (
                  <tr key={f.path} className={ps.length ? 'row-bad' : ''}>
                    <td>
                      <code className="file-path">{f.path}</code>
                    </td>
                    <td className="num">{formatBytes(f.size)}</td>
                    <td>{f.role}</td>
                    <td>
                      {f.license ?? <span className="muted">none</span>}
                      {f.license && f.licenseInherited && <span className="muted"> (inherited)</span>}
                    </td>
                    <td title={f.accessRaw ?? undefined}>{f.access}</td>
                    <td>
                      {f.sha256 ? (
                        <span className="digest-row">
                          <code title={f.sha256}>{shortDigest(f.sha256, 10)}</code>
                          <CopyButton value={f.sha256} label={`SHA-256 of ${f.path}`} />
                        </span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>
                      {ps.length === 0 ? (
                        <span className="file-ok">
                          <span aria-hidden="true">✓ </span>OK
                        </span>
                      ) : (
                        <span className="file-bad" title={ps.map((p) => p.message).join('\n')}>
                          <span aria-hidden="true">✕ </span>
                          {ps.map((p) => p.code).join(', ')}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
