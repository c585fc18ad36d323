// The history's one line per event: every event type the code writes has its sentence in French,
// Arabic and English, and the line says when, who and what in the reader's language.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_SUMMARIES, STAGE_LABELS, summarize, type SummarizedEvent } from '../../../domain/history/summaries.ts';
import { LANGUAGES } from '../../../domain/i18n/index.ts';

const root = path.resolve(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** The event types written anywhere in the domain, the functions or the workflows. */
function writtenEventTypes(): string[] {
  const found = new Set<string>();
  const pattern = /'((?:case|task|person|consent|checkin|expert|need|match|assignment|youth|capacity|notification)\.[a-z]+(?:-[a-z]+)*)'/g;
  for (const dir of ['domain', 'functions', 'workflows'])
    for (const file of sources(path.join(root, dir))) {
      if (file.endsWith(path.join('history', 'summaries.ts'))) continue;
      for (const match of readFileSync(file, 'utf8').matchAll(pattern)) found.add(match[1]!);
    }
  return [...found].sort();
}

const ARABIC = /[\u0600-\u06FF]/;

describe('history summaries', () => {
  it('name every event type the code writes, in every language (Arabic in Arabic)', () => {
    const types = writtenEventTypes();
    expect(types.length).toBeGreaterThan(40);
    expect(types.filter((type) => !(type in EVENT_SUMMARIES))).toEqual([]);
    for (const [type, sentence] of Object.entries(EVENT_SUMMARIES)) {
      for (const language of LANGUAGES) expect(sentence[language], `${type} ${language}`).not.toBe('');
      expect(sentence.ar, type).toMatch(ARABIC);
      expect(sentence.ar, type).not.toBe(sentence.en);
    }
    for (const [stage, label] of Object.entries(STAGE_LABELS)) expect(label.ar, stage).toMatch(ARABIC);
  });

  const completed: SummarizedEvent = {
    type: 'task.completed',
    at: '2026-12-03T09:15:00.000Z',
    actor: { kind: 'staff', id: 'amina' },
    details: { taskId: '0a1b2c3d-4e5f-4a6b-a7c8-000000000001', step: 'approval', outcome: 'approved' },
  };

  it('say when (Morocco time), who and what, with the step and the outcome by their labels', () => {
    expect(summarize(completed, 'fr')).toMatch(/^3 déc\. 2026.*10:15 — amina a terminé l’étape « Approbation du retour » : Approuvé$/);
    expect(summarize(completed, 'en')).toMatch(/^3 Dec 2026.*10:15 — amina completed the step “Return approval”: Approved$/);
    const ar = summarize(completed, 'ar');
    expect(ar).toContain('أنهى amina مرحلة «الموافقة على العودة»: تمت الموافقة');
    expect(ar).toContain('10:15');
    expect(ar).not.toMatch(/completed|approved|approval/i);
  });

  it('name stages by their labels, the public and the system by what they are, and never invent', () => {
    const stage: SummarizedEvent = {
      type: 'case.stage-changed',
      at: '2026-12-03T09:15:00.000Z',
      actor: { kind: 'system', id: 'workflow' },
      details: { from: 'screening', to: 'travel-document' },
    };
    expect(summarize(stage, 'fr')).toContain('Le dossier passe à l’étape « Document de voyage »');
    expect(summarize({ ...stage, details: { to: 'monitoring' } }, 'ar')).toContain('تتبع إعادة الإدماج');
    const submitted: SummarizedEvent = { type: 'case.submitted', at: completed.at, actor: { kind: 'public' }, details: {} };
    expect(summarize(submitted, 'en')).toContain('The person (online form) submitted the application');
    // An unknown type still reads as a line, with its code.
    expect(summarize({ ...submitted, type: 'case.something-new' }, 'en')).toContain('case.something-new');
  });
});
