import type { Progress } from '../../common/schemas/job';

/** Turns byte counts into Progress reports (rate, time left), at most every `intervalMs`. */
export class ProgressMeter {
  private bytesDone = 0;
  private filesDone = 0;
  private bytesTotal = 0;
  private filesTotal = 0;
  private stage = 'scanning';
  private started = Date.now();
  private lastEmit = 0;

  constructor(
    private readonly sink: ((p: Progress) => void) | undefined,
    private readonly intervalMs = 200,
  ) {}

  begin(stage: string, bytesTotal: number, filesTotal: number): void {
    this.stage = stage;
    this.bytesTotal = bytesTotal;
    this.filesTotal = filesTotal;
    this.bytesDone = 0;
    this.filesDone = 0;
    this.started = Date.now();
    this.emit(true);
  }

  bytes = (n: number): void => {
    const first = this.bytesDone === 0;
    this.bytesDone += n;
    this.emit(first); // the first bytes are reported at once, so a UI shows movement early
  };

  /** The last report: everything done. */
  finish(): void {
    this.stage = 'done';
    this.bytesDone = this.bytesTotal;
    this.filesDone = this.filesTotal;
    this.emit(true);
  }

  file = (): void => {
    this.filesDone++;
    this.emit(false);
  };

  snapshot(): Progress {
    const elapsed = Math.max(1, Date.now() - this.started);
    const rate = (this.bytesDone * 1000) / elapsed;
    const left = this.bytesTotal - this.bytesDone;
    return {
      stage: this.stage,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      filesDone: this.filesDone,
      filesTotal: this.filesTotal,
      rateBytesPerSec: rate,
      etaMs: rate > 0 && this.bytesDone > 0 ? Math.max(0, (left / rate) * 1000) : null,
    };
  }

  emit(force: boolean): void {
    if (!this.sink) return;
    const now = Date.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    this.sink(this.snapshot());
  }
}
