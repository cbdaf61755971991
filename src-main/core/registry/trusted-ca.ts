import { X509Certificate } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { registryError } from './errors';

const MAX_CA_FILE_BYTES = 1024 * 1024;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The trust for one registry whose certificate a team CA signed (Harbor or Artifactory behind a company CA): the
 * system's roots plus the certificates of a PEM file. Every certificate in it must parse; a file that holds none, is
 * too large or cannot be read is refused by name, before any request. Only for that registry's connections: the
 * process's trust stays as it was.
 */
export function trustWithCaFile(file: string): string[] {
  let text: string;
  try {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > MAX_CA_FILE_BYTES)
        throw registryError('registry-ca-invalid', `the CA file ${file} is ${size} bytes, more than a CA file holds`);
      const bytes = Buffer.alloc(size);
      readSync(fd, bytes, 0, size, 0);
      text = bytes.toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if (e instanceof Error && 'details' in e) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    throw registryError('registry-ca-invalid', `the CA file ${file} cannot be read (${code})`, { file });
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0)
    throw registryError('registry-ca-invalid', `the CA file ${file} holds no PEM certificate`, { file });
  blocks.forEach((pem, i) => {
    try {
      new X509Certificate(pem);
    } catch {
      throw registryError(
        'registry-ca-invalid',
        `the CA file ${file} holds a certificate that does not parse (certificate ${i + 1})`,
        { file },
      );
    }
  });
  return [...rootCertificates, ...blocks];
}
