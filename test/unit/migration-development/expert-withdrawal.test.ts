// The one withdrawal from the experts' register, on in-memory stores: a staff withdrawal and the one
// after an erasure both withdraw the entry over the version read (a concurrent change read again and
// retried, three in a row give up), then close the case with their own reason.
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import {
  EXPERT_DATA_ERASED,
  ExpertChanged,
  ExpertNotListed,
  withdrawErasedExpert,
  withdrawExpert,
  type RegisterWriter,
} from '../../../domain/migration-development/expert-actions.ts';
import type { RegisterEntry } from '../../../domain/migration-development/register.ts';
import { MemoryCaseStore } from '../../support/memory-case-store.ts';

const caseId = '60000000-0000-4000-a000-000000000001';
const at = '2026-07-20T08:00:00.000Z';
const now = new Date('2026-08-10T09:00:00.000Z');
const actor = { kind: 'staff' as const, id: 'caseworker-7' };

class MemoryRegister implements RegisterWriter {
  entry: RegisterEntry | undefined = {
    expertId: caseId,
    sectors: ['health'],
    skills: ['chirurgie pediatrique'],
    languages: ['fr'],
    country: 'FR',
    windows: [],
    consentToContact: true,
    status: 'listed',
    listedAt: at,
    updatedAt: at,
    version: 1,
  };
  /** Changes someone else makes right after the next reads (a concurrent writer). */
  interfere = 0;
  updates = 0;
  async get() {
    const found = this.entry;
    if (found && this.interfere > 0) {
      this.interfere--;
      this.entry = { ...found, version: found.version + 1 };
    }
    return found;
  }
  async list() {
    return 'exists' as const;
  }
  async update(changed: RegisterEntry, previous: RegisterEntry) {
    this.updates++;
    if (this.entry?.version !== previous.version) return 'stale' as const;
    this.entry = changed;
    return 'updated' as const;
  }
}

const expertCase = (): CaseRecord => ({
  caseId,
  reference: 'EXP-2026-000001',
  programme: 'migration-development',
  caseType: 'diaspora-expert',
  formId: 'diaspora-expert-registration',
  formVersion: 1,
  stage: 'listed',
  status: 'open',
  facts: {},
  createdAt: at,
  updatedAt: at,
  version: 1,
});
const setup = () => {
  const store = new MemoryCaseStore(expertCase());
  const register = new MemoryRegister();
  return { store, register, deps: { store, register, now: () => now } };
};

describe('withdrawal from the register', () => {
  it('a staff withdrawal is retried over a concurrent change, then closes the case with its reason code', async () => {
    const { store, register, deps } = setup();
    register.interfere = 1;
    const withdrawn = await withdrawExpert({ caseId, reasonCode: 'expert-request', actor }, deps);
    expect(withdrawn).toMatchObject({ status: 'withdrawn', version: 3 });
    expect(register.entry).toEqual(withdrawn);
    expect(store.record).toMatchObject({ status: 'closed' });
    expect(store.events.at(-1)).toMatchObject({ details: { reason: 'withdrawn-from-register', reasonCode: 'expert-request' } });
    await expect(withdrawExpert({ caseId, reasonCode: 'expert-request', actor }, deps)).rejects.toThrow(ExpertNotListed);
  });

  it('after an erasure: the same withdrawal, closing with expert-data-erased; repeated, it completes without writing again', async () => {
    const { store, register, deps } = setup();
    register.interfere = 1;
    expect(await withdrawErasedExpert({ caseId, actor }, deps)).toBe(true);
    expect(register.entry).toMatchObject({ status: 'withdrawn', version: 3 });
    expect(store.record).toMatchObject({ status: 'closed' });
    expect(store.events.at(-1)).toMatchObject({ details: { reason: EXPERT_DATA_ERASED } });
    const updates = register.updates;
    expect(await withdrawErasedExpert({ caseId, actor }, deps)).toBe(true);
    expect(register.updates).toBe(updates);
    const never = setup();
    never.register.entry = undefined;
    expect(await withdrawErasedExpert({ caseId, actor }, never.deps)).toBe(false);
    expect(never.store.record.status).toBe('open');
  });

  it('gives up after three concurrent changes in a row', async () => {
    const { store, register, deps } = setup();
    register.interfere = 3;
    await expect(withdrawExpert({ caseId, reasonCode: 'other', actor }, deps)).rejects.toThrow(ExpertChanged);
    expect(store.record.status).toBe('open');
  });
});
