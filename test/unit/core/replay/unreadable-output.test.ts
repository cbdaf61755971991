import { describe, expect, it } from 'vitest';
import { unreadableOutputAdvice } from '../../../../src-main/core/replay/run-replay';

const summary = {
  outputs: [
    { name: 'output_label', type: 'tensor(int64)', elemType: 'int64', shape: [''] },
    { name: 'output_probability', type: 'seq(map(int64,tensor(float)))', elemType: null, shape: null },
  ],
};

describe('a replay that could not read a converter output (issue 17)', () => {
  it('names the output the runtime cannot read and the re-export option', () => {
    const advice = unreadableOutputAdvice(
      'Non tensor type is temporarily not supported.',
      { modelOutput: null },
      summary,
    );
    expect(advice).toContain('the model output "output_probability"');
    expect(advice).toContain("options={'zipmap': False}");
    expect(advice).toContain('tensor outputs: output_label');
    expect(
      unreadableOutputAdvice('Non tensor type is temporarily not supported', { modelOutput: 'scores' }, null),
    ).toContain('the model output "scores"');
  });

  it('says nothing for other failures', () => {
    expect(unreadableOutputAdvice('the worker ran out of memory (4 GiB)', { modelOutput: null }, summary)).toBe('');
    expect(unreadableOutputAdvice('input sequence length 600 exceeds 512', { modelOutput: null }, summary)).toBe('');
  });
});
