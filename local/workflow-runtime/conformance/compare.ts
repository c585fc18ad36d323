/** Compares produced history with recorded history, modulo the recording's placeholders. */

// Whole-value placeholders the recordings use for run-specific values.
const ANY = new Set(['date', 'timestamp', 'snf_role_arn', 'a_task_token', 'sfn_role_arn', 'start-time', 'entered-time', 'map_run_arn']);

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The recordings store JSON strings parsed; parse ours the same way so both sides align. */
export function normalize(v: unknown): unknown {
  if (typeof v === 'string') {
    const t = v.trim();
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
      try {
        return normalize(JSON.parse(t));
      } catch {
        return v;
      }
    }
    return v;
  }
  if (Array.isArray(v)) return v.map(normalize);
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x)]));
  return v;
}

const reCache = new Map<string, RegExp>();
function placeholderRe(rec: string): RegExp {
  let re = reCache.get(rec);
  if (!re) {
    const parts = rec.split(/(<<[^<>]*>:\d+>|<[^<>]+>)/);
    const src = parts.map((p, i) => (i % 2 === 1 ? '[\\s\\S]*?' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
    re = new RegExp(`^${src}$`);
    reCache.set(rec, re);
  }
  return re;
}

export function matches(rec: unknown, ours: unknown, path = '$'): string | null {
  // HTTP header values (lengths, trace ids, dates) vary per call and per function runtime.
  if (/\.SdkHttpMetadata\.(AllHttpHeaders|HttpHeaders)\./.test(path)) return null;
  if (typeof rec === 'string') {
    if (ANY.has(rec)) return null;
    // Generated values the tests checked, then blanked: check their shape.
    if (rec === 'RandomNumberGenerated') return Number.isInteger(ours) ? null : `${path}: expected an integer got ${JSON.stringify(ours)}`;
    if (rec === 'generated-uuid') {
      const ok = typeof ours === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(ours);
      return ok ? null : `${path}: expected a UUID v4 got ${JSON.stringify(ours)}`;
    }
    // Some recordings blank the Lambda request id with its own name.
    if (rec === 'RequestId' && path.endsWith('.SdkResponseMetadata.RequestId')) return null;
    // A placeholder inside a JSON-encoded string (assignedVariables values are JSON text).
    if (rec.startsWith('"') && ANY.has(rec.slice(1, -1)) && typeof ours === 'string' && /^"[\s\S]*"$/.test(ours)) return null;
    const o = typeof ours === 'string' ? ours : JSON.stringify(ours);
    if (o === rec) return null;
    if (rec.includes('<') && placeholderRe(rec).test(o)) return null;
    return `${path}: expected ${JSON.stringify(rec)} got ${JSON.stringify(ours)}`;
  }
  if (Array.isArray(rec)) {
    if (!Array.isArray(ours)) return `${path}: expected array got ${JSON.stringify(ours)}`;
    if (rec.length !== ours.length)
      return `${path}: expected ${rec.length} items got ${ours.length}: ${JSON.stringify(ours).slice(0, 300)}`;
    for (let i = 0; i < rec.length; i++) {
      const d = matches(rec[i], ours[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (isObj(rec)) {
    if (!isObj(ours)) return `${path}: expected object got ${JSON.stringify(ours)}`;
    const rk = Object.keys(rec).filter((k) => rec[k] !== undefined);
    const ok = Object.keys(ours).filter((k) => ours[k] !== undefined);
    const missing = rk.filter((k) => !(k in ours));
    const extra = ok.filter((k) => !(k in rec));
    if (missing.length || extra.length) return `${path}: keys differ, missing ${JSON.stringify(missing)} extra ${JSON.stringify(extra)}`;
    for (const k of rk) {
      const d = matches(rec[k], ours[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  if (typeof rec === 'number' && typeof ours === 'number' && rec === ours) return null;
  if (rec === ours) return null;
  return `${path}: expected ${JSON.stringify(rec)} got ${JSON.stringify(ours)}`;
}

type Ev = Record<string, unknown>;

/**
 * `input`/`output` of event details are JSON text. The recorder parsed some of them even when they
 * were scalars (`"1"` stored as 1), so ours are parsed whole, scalars included; only those two
 * fields, where the value is always JSON text, so a real string never passes for a number.
 * Recorded ones that were kept as text are parsed the same way.
 */
function parseTextFields(e: Ev): Ev {
  const out: Ev = { ...e };
  for (const [k, v] of Object.entries(e)) {
    if (!k.endsWith('EventDetails') || !isObj(v)) continue;
    const d: Record<string, unknown> = { ...v };
    for (const f of ['input', 'output']) {
      const t = d[f];
      if (typeof t !== 'string') continue;
      try {
        d[f] = JSON.parse(t) as unknown;
      } catch {
        // not JSON: compared as text
      }
    }
    out[k] = d;
  }
  return out;
}

function eventBody(e: Ev, withIds: boolean): Ev {
  const { timestamp: _t, id, previousEventId, ...rest } = e;
  const out: Ev = { ...rest };
  if (withIds) {
    out.id = id;
    out.previousEventId = previousEventId;
  }
  return out;
}

/** Null when equal; else a description of the first difference. */
export function compareHistories(recorded: Ev[], produced: readonly object[]): string | null {
  const ours = produced.map((e) => normalize(parseTextFields(eventBody(e as Ev, true))) as Ev);
  const recIdsKnown = recorded.every((e) => typeof e.id === 'number' && typeof e.previousEventId === 'number');
  const recs = recorded.map((e) => normalize(parseTextFields(eventBody(e, recIdsKnown))) as Ev);
  // Some recordings filter out ParallelStateSucceeded; compare like with like.
  if (!recorded.some((e) => e.type === 'ParallelStateSucceeded')) {
    for (let i = ours.length - 1; i >= 0; i--) if (ours[i]?.type === 'ParallelStateSucceeded') ours.splice(i, 1);
  }
  if (!recIdsKnown)
    for (const o of ours) {
      delete o.id;
      delete o.previousEventId;
    }
  let firstDiff: string | null = null;
  if (recs.length === ours.length) {
    for (let i = 0; i < recs.length; i++) {
      const d = matches(recs[i], ours[i], `event[${i}] ${String(recs[i]?.type)}`);
      if (d) {
        firstDiff = d;
        break;
      }
    }
    if (!firstDiff) return null;
  } else {
    firstDiff = `expected ${recs.length} events got ${ours.length}: ${ours.map((e) => String(e.type)).join(',')}`;
    const n = Math.min(recs.length, ours.length);
    for (let i = 0; i < n; i++) {
      const d = matches(recs[i], ours[i], `event[${i}] ${String(recs[i]?.type)}`);
      if (d) {
        firstDiff += `\n    first diff: ${d}`;
        break;
      }
    }
    return firstDiff;
  }
  // Concurrent branches interleave differently run to run: accept any order of the same events.
  if (!recIdsKnown) {
    const used = new Set<number>();
    for (const r of recs) {
      const j = ours.findIndex((o, k) => !used.has(k) && matches(r, o) === null);
      if (j < 0) return firstDiff;
      used.add(j);
    }
    return null;
  }
  return firstDiff;
}
