// Which days of the outbox hold messages, for GET /_local/outbox. The outbox is spread over one
// partition per day and shard (functions/adapters/dynamodb/keys.ts): reading every day from the data
// folder's first to today costs four Queries a day, thousands once the clock has been moved on by
// months (seconds per read). The local system instead takes the outbox dispatcher's place on the
// table's stream (the dispatcher's effect, email and SMS, would leave the machine) and notes the day
// of each new message here; the reader queries those days only, plus today's.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const DAY = 86_400_000;
const OUTBOX_PARTITION = /^OUTBOX#(\d{4}-\d{2}-\d{2})#\d+$/;

export class LocalOutboxDays {
  private readonly days: Set<string>;

  private constructor(
    private readonly file: string,
    days: Iterable<string>,
  ) {
    this.days = new Set(days);
  }

  /**
   * The days noted in the data folder. A folder from before this file existed (it kept only the
   * outbox's first day, `outbox-since`) starts with every day from that one to today.
   */
  static open(dataDir: string, today: string): LocalOutboxDays {
    const file = path.join(dataDir, 'outbox-days.json');
    if (existsSync(file)) return new LocalOutboxDays(file, JSON.parse(readFileSync(file, 'utf8')) as string[]);
    const since = path.join(dataDir, 'outbox-since');
    const seeded: string[] = [];
    if (existsSync(since)) {
      const from = Date.parse(`${readFileSync(since, 'utf8').trim()}T00:00:00Z`);
      for (let day = from; Number.isFinite(day) && day <= Date.parse(`${today}T00:00:00Z`); day += DAY) {
        seeded.push(new Date(day).toISOString().slice(0, 10));
      }
    }
    const opened = new LocalOutboxDays(file, seeded);
    opened.save();
    return opened;
  }

  /** Notes the days of the outbox partitions among these stream records (Lambda's event shape). */
  readonly note = (records: Record<string, unknown>[]): void => {
    let added = false;
    for (const record of records) {
      const keys = (record.dynamodb as { Keys?: { PK?: { S?: string } } } | undefined)?.Keys;
      const day = OUTBOX_PARTITION.exec(keys?.PK?.S ?? '')?.[1];
      if (day && !this.days.has(day)) {
        this.days.add(day);
        added = true;
      }
    }
    if (added) this.save();
  };

  /** The days to read: those noted, and today's (a message of today may not have been streamed yet). */
  toRead(today: string): string[] {
    return [...new Set([...this.days, today])].sort();
  }

  private save(): void {
    // Written aside, then renamed: a crash leaves the old list or the new one, never half of one.
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify([...this.days].sort()));
    renameSync(temporary, this.file);
  }
}
