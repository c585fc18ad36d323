export const LANGUAGES = ['fr', 'ar', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Localized = Record<Language, string>;

/** French is the mission's working language, so it wins whenever the client expresses no usable preference. */
export const DEFAULT_LANGUAGE: Language = 'fr';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

interface Range {
  tag: string;
  q: number;
  order: number;
}

function parseRanges(header: string): Range[] {
  const ranges: Range[] = [];
  header.split(',').forEach((part, order) => {
    const [rawTag, ...params] = part.split(';').map((s) => s.trim());
    if (!rawTag) return;
    let q = 1;
    for (const param of params) {
      const match = /^q\s*=\s*([0-9](?:\.[0-9]{0,3})?)$/i.exec(param);
      if (match?.[1] !== undefined) q = Math.min(1, Number(match[1]));
      else if (/^q\s*=/i.test(param)) q = 0; // a malformed weight is not a preference
    }
    ranges.push({ tag: rawTag.toLowerCase(), q, order });
  });
  return ranges;
}

/**
 * Picks fr, ar or en from an Accept-Language header (RFC 9110 §12.5.4): highest q wins, ties keep
 * the client's order, regional variants map to their primary language (ar-MA → ar), `*` means any
 * language we have and q=0 excludes one. Anything unusable falls back to French.
 */
export function negotiateLanguage(acceptLanguageHeader: string | undefined): Language {
  if (!acceptLanguageHeader) return DEFAULT_LANGUAGE;
  const ranges = parseRanges(acceptLanguageHeader);
  const excluded = new Set<Language>();
  // Only a bare primary tag at q=0 rules a language out: "fr-CA;q=0" still accepts other French.
  for (const r of ranges) if (r.q === 0 && isLanguage(r.tag)) excluded.add(r.tag);
  const sorted = ranges.filter((r) => r.q > 0).sort((a, b) => b.q - a.q || a.order - b.order);
  for (const r of sorted) {
    if (r.tag === '*') {
      const any = [DEFAULT_LANGUAGE, ...LANGUAGES].find((l) => !excluded.has(l));
      if (any) return any;
      continue;
    }
    const primary = r.tag.split('-')[0];
    if (isLanguage(primary) && !excluded.has(primary)) return primary;
  }
  return DEFAULT_LANGUAGE;
}
