// The skills vocabulary shared by the experts' register and the host institutions' needs: a skill
// as someone typed it ("Chirurgie  Pédiatrique ") and its search key ("chirurgie pediatrique"), so
// that an expert's skills and a need's compare like with like. Keys are what the register stores,
// indexes and matches on; the typed text stays with the person (or the need's task).

/** The longest key kept (a key is also part of an index item's key: keep it short). */
export const MAX_SKILL_KEY_LENGTH = 100;

/**
 * A skill's search key: lowercased, accents folded (é → e, ç → c; Arabic diacritics dropped),
 * punctuation other than letters, digits, `+`, `#` and `.` turned into spaces, trimmed, spaces
 * collapsed. `''` when nothing is left.
 */
export function normaliseSkill(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u0640]/g, '') // Arabic tatweel
    .toLowerCase()
    .replace(/[^\p{L}\p{N}+#.]+/gu, ' ')
    .replace(/\.(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_SKILL_KEY_LENGTH)
    .trim();
}

/** Normalised keys of a list of skills, duplicates and empties removed, in first-seen order. */
export function skillKeys(texts: readonly string[]): string[] {
  return [...new Set(texts.map(normaliseSkill).filter((key) => key.length > 0))];
}

/** Whether a string is already a search key (what an index or a query parameter accepts as such). */
export function isSkillKey(key: string): boolean {
  return key.length > 0 && normaliseSkill(key) === key;
}
