import { describe, expect, it } from 'vitest';
import { classMapping } from '../../../../src-main/core/replay/labels';

describe('classMapping', () => {
  it("uses the model's class names, accepting names and indices", () => {
    const m = classMapping(['positive', 'negative', '1'], ['negative', 'positive'], 2, 'd.jsonl');
    expect(m.describe).toContain("model's own class names");
    expect(['positive', 'negative', '1', 0, 'neutral'].map(m.indexOf)).toEqual([1, 0, 1, 0, -1]);
  });

  it('matches integer class labels that are not 0..K-1 (classlabels_int64s 3, 5, 8) by value, never as indices', () => {
    const m = classMapping(['5', '8.0', '3'], ['3', '5', '8'], 3, 'd.csv');
    expect(m.describe).toContain('matched by value');
    expect(['3', 5, '8.0', '1', '0', 'x'].map(m.indexOf)).toEqual([0, 1, 2, -1, -1, -1]);
    expect(() => classMapping(['3', '2'], ['3', '5', '8'], 3, 'd.csv')).toThrow(
      /row 2: label "2" is not one of the model's classes \(3, 5, 8\)/,
    );
  });

  it('takes integer labels (2, "2", "2.0") as class indices, sized by the model output', () => {
    const m = classMapping(['0', '2', '2.0'], null, 3, 'd.csv');
    expect(m.classes).toEqual(['0', '1', '2']);
    expect(['0', 2, '2.0', '3'].map(m.indexOf)).toEqual([0, 2, 2, -1]);
  });

  it('refuses an integer label beyond the model output', () => {
    expect(() => classMapping(['0', '3'], null, 3, 'd.csv')).toThrow(
      /d\.csv: row 2: label "3" is not one of the model's classes/,
    );
  });

  it('maps string labels by their sorted unique values, as scikit-learn orders classes', () => {
    const m = classMapping(['virginica', 'setosa', 'versicolor', 'setosa'], null, 3, 'd.csv');
    expect(m.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(m.describe).toContain('sorted unique');
    expect(['setosa', 'virginica', 'rose'].map(m.indexOf)).toEqual([0, 2, -1]);
  });

  it('refuses to guess when the distinct string labels do not match the number of model outputs', () => {
    expect(() => classMapping(['a', 'b'], null, 3, 'd.csv')).toThrow(
      /2 distinct labels .* but the model outputs 3 classes/,
    );
  });
});
