import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clock } from './contract.ts';

/** A clock the local runtime can move forward (never backwards). */
export interface MovableClock extends Clock {
  advanceTo(date: Date): void;
}

export interface LocalClockOptions {
  /**
   * 'real' (default): wall time plus a persisted offset, so time keeps flowing between advances.
   * 'manual': time only moves through advanceTo; tests use it for exact virtual timestamps.
   */
  mode?: 'real' | 'manual';
  /** Manual mode only: where the clock starts when nothing is persisted yet. */
  startAt?: Date;
}

interface PersistedClock {
  mode: 'real' | 'manual';
  offsetMs?: number;
  frozenAtMs?: number;
}

/**
 * The single movable clock of the local runtime. Its state lives in a small JSON file in the data
 * dir so that a restarted process resumes at the same virtual time (a 12-month case advanced in
 * seconds must not jump back to "today" after a restart and re-see timers as far in the future).
 */
export class LocalClock implements MovableClock {
  private offsetMs = 0;
  private frozenAtMs = 0;
  private readonly mode: 'real' | 'manual';

  private constructor(
    private readonly file: string | undefined,
    options: LocalClockOptions,
  ) {
    const persisted = file ? readPersisted(file) : undefined;
    this.mode = persisted?.mode ?? options.mode ?? 'real';
    this.offsetMs = persisted?.offsetMs ?? 0;
    this.frozenAtMs = persisted?.frozenAtMs ?? (options.startAt ?? new Date()).getTime();
    if (!persisted) this.persist();
  }

  /** A clock persisted as `<dataDir>/clock.json`. */
  static open(dataDir: string, options: LocalClockOptions = {}): LocalClock {
    return new LocalClock(join(dataDir, 'clock.json'), options);
  }

  /** A clock that is not persisted (benchmarks, throwaway tests). */
  static inMemory(options: LocalClockOptions = {}): LocalClock {
    return new LocalClock(undefined, options);
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return this.mode === 'manual' ? this.frozenAtMs : Date.now() + this.offsetMs;
  }

  advanceTo(date: Date): void {
    const target = date.getTime();
    if (Number.isNaN(target)) throw new RangeError('advanceTo: invalid date');
    const current = this.nowMs();
    if (target < current) {
      throw new RangeError(`The clock never goes backwards: ${date.toISOString()} is before ${new Date(current).toISOString()}`);
    }
    if (target === current) return;
    if (this.mode === 'manual') this.frozenAtMs = target;
    else this.offsetMs = target - Date.now();
    this.persist();
  }

  private persist(): void {
    if (!this.file) return;
    const state: PersistedClock =
      this.mode === 'manual' ? { mode: 'manual', frozenAtMs: this.frozenAtMs } : { mode: 'real', offsetMs: this.offsetMs };
    mkdirSync(dirname(this.file), { recursive: true });
    // Write-then-rename so a crash never leaves a torn clock file behind.
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, this.file);
  }
}

function readPersisted(file: string): PersistedClock | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  const mode = record.mode === 'manual' ? 'manual' : 'real';
  return {
    mode,
    offsetMs: typeof record.offsetMs === 'number' ? record.offsetMs : undefined,
    frozenAtMs: typeof record.frozenAtMs === 'number' ? record.frozenAtMs : undefined,
  };
}
