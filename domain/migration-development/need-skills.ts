// A need's skills as search keys, so that matching (next) compares like with like with the experts'
// register. TODO(merge): use skills.ts — `normaliseSkill` in domain/migration-development/skills.ts
// (the register's) once it is on main; this is a local copy of the agreed rule: lowercased, accents
// folded, trimmed, spaces collapsed.

/** A skill as typed ('  Chirurgie  Pédiatrique ') → its search key ('chirurgie pediatrique'). */
export function normaliseSkill(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim().replace(/\s+/g, ' ');
}

/** A validated need's skill key: already normalised (what `normaliseSkill` gives back unchanged), 1 to 100 characters. */
export function isSkillKey(key: string): boolean {
  return key.length > 0 && key.length <= 100 && normaliseSkill(key) === key;
}
