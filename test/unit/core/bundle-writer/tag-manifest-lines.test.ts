import { describe, expect, it } from 'vitest';
import { withoutUnheldTagLines } from '../../../../src-main/core/bundle-writer/tag-manifest-lines';

describe('withoutUnheldTagLines', () => {
  it('drops only the lines for tag files not held, keeping the BOM, line ends and every other byte', () => {
    const a = 'a'.repeat(64);
    const manifest = Buffer.from(
      `\xEF\xBB\xBF${a}  bagit.txt\r\n${a} *./logs/run.log\r\n${a}\tnotes/caf\xC3\xA9.txt\r\n${a} big%25.bin`,
      'latin1',
    );
    const tags = new Map([
      ['bagit.txt', Buffer.from('x')],
      ['notes/café.txt', Buffer.from('y')],
      ['tagmanifest-sha256.txt', manifest],
    ]);
    const out = withoutUnheldTagLines(tags);
    expect(out.get('tagmanifest-sha256.txt')!.toString('latin1')).toBe(
      `\xEF\xBB\xBF${a}  bagit.txt\r\n${a}\tnotes/caf\xC3\xA9.txt\r\n`,
    );
    expect(out.get('bagit.txt')).toBe(tags.get('bagit.txt'));
    const whole = new Map([...tags, ['logs/run.log', Buffer.from('')], ['big%.bin', Buffer.from('')]]);
    // nothing to drop: the same bytes
    expect(withoutUnheldTagLines(whole).get('tagmanifest-sha256.txt')).toBe(manifest);
  });
});
