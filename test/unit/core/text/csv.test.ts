import { describe, expect, it } from 'vitest';
import { csvField, csvRow, neutralizeFormula } from '../../../../src-main/core/text/csv';
import { historyCsv } from '../../../../src-main/core/mlflow/metric-lines';

describe('the CSV writer', () => {
  it('neutralises text a spreadsheet would run as a formula (= + - @, tab, CR), and leaves numbers numbers', () => {
    for (const s of ['=1+2+cmd.zip', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])
      expect(neutralizeFormula(s)).toBe(`'${s}`);
    expect(neutralizeFormula('MIT')).toBe('MIT');
    expect(csvField(-0.5)).toBe('-0.5');
    expect(csvField(Number.NaN)).toBe('nan');
    expect(csvField(-Infinity)).toBe('-inf');
    expect(csvField(null)).toBe('');
    expect(csvRow(['=HYPERLINK("x")', 3], { eol: '\n' })).toBe(`"'=HYPERLINK(""x"")",3\n`);
  });

  it('is the one writer of the MLflow metric history kept in bundles', () => {
    const text = historyCsv([
      {
        key: '=cmd|calc',
        step: 0,
        timestamp: 1,
        value: -1.5,
        source: 'run',
        runId: null,
        datasetName: null,
        datasetDigest: null,
      },
    ]);
    expect(text).toBe(
      "key,step,timestamp,value,source,run_id,dataset_name,dataset_digest\n'=cmd|calc,0,1,-1.5,run,,,\n",
    );
  });
});
