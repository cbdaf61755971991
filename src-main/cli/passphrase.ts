import { CliExit, exitCode } from './output';

/**
 * The identity's passphrase: PROVDESK_PASSPHRASE for unattended use, else asked on the terminal without
 * echo. With neither (a pipe, CI without the variable) it is a usage error, never a silent empty passphrase.
 */
export async function readPassphrase(prompt: string, options: { confirm?: boolean } = {}): Promise<string> {
  const fromEnv = process.env.PROVDESK_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new CliExit(
      exitCode.usage,
      'a passphrase is needed: set PROVDESK_PASSPHRASE, or run in a terminal to be asked for it',
    );
  }
  const first = await askHidden(prompt);
  if (options.confirm && (await askHidden('Repeat the passphrase: ')) !== first)
    throw new CliExit(exitCode.usage, 'the passphrases differ');
  return first;
}

function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let text = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(text);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliExit(exitCode.usage, 'cancelled'));
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
        else text += ch;
      }
    };
    stdin.on('data', onData);
  });
}
