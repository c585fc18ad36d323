/**
 * The JSONPath dialect Step Functions accepts (Jayway-like): `$`, `.name`, `['name']`, `[n]`,
 * `[*]`, `.*`, slices, unions, `..name` and simple filters. Definite paths yield one value;
 * indefinite ones (wildcards, slices, filters, recursion) yield the list of matches.
 */

type Seg =
  | { t: 'name'; name: string }
  | { t: 'index'; i: number }
  | { t: 'wild' }
  | { t: 'slice'; start?: number; end?: number; step?: number }
  | { t: 'union'; items: (string | number)[] }
  | { t: 'desc'; name: string | null }
  | { t: 'filter'; expr: string };

export class JsonPathError extends Error {}

const cache = new Map<string, Seg[]>();

function parse(path: string): Seg[] {
  const hit = cache.get(path);
  if (hit) return hit;
  const p = path.trim();
  if (!p.startsWith('$')) throw new JsonPathError(`Invalid JSONPath: ${path}`);
  const segs: Seg[] = [];
  let i = 1;
  const nameChar = (c: string | undefined): boolean => c !== undefined && !'.[]'.includes(c);
  while (i < p.length) {
    const c = p[i];
    if (c === '.') {
      if (p[i + 1] === '.') {
        i += 2;
        if (p[i] === '*') {
          i++;
          segs.push({ t: 'desc', name: null });
          continue;
        }
        let n = '';
        while (nameChar(p[i])) n += p[i++];
        segs.push({ t: 'desc', name: n });
        continue;
      }
      i++;
      if (p[i] === '*') {
        i++;
        segs.push({ t: 'wild' });
        continue;
      }
      let n = '';
      while (nameChar(p[i])) n += p[i++];
      if (!n) throw new JsonPathError(`Invalid JSONPath: ${path}`);
      segs.push({ t: 'name', name: n });
    } else if (c === '[') {
      const close = findClose(p, i);
      const inner = p.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') segs.push({ t: 'wild' });
      else if (inner.startsWith('?')) segs.push({ t: 'filter', expr: inner.slice(1).trim().replace(/^\(/, '').replace(/\)$/, '') });
      else if (/^-?\d*\s*:\s*-?\d*(\s*:\s*-?\d*)?$/.test(inner)) {
        const [a, b, s] = inner.split(':').map((x) => x.trim());
        segs.push({
          t: 'slice',
          start: a ? Number(a) : undefined,
          end: b ? Number(b) : undefined,
          step: s ? Number(s) : undefined,
        });
      } else {
        const items = splitTop(inner).map((x) => {
          const s = x.trim();
          if (/^-?\d+$/.test(s)) return Number(s);
          if ((s.startsWith("'") && s.endsWith("'")) || (s.startsWith('"') && s.endsWith('"'))) return s.slice(1, -1);
          throw new JsonPathError(`Invalid JSONPath: ${path}`);
        });
        if (items.length === 1) {
          const it = items[0];
          segs.push(typeof it === 'number' ? { t: 'index', i: it } : { t: 'name', name: it as string });
        } else segs.push({ t: 'union', items });
      }
    } else {
      throw new JsonPathError(`Invalid JSONPath: ${path}`);
    }
  }
  cache.set(path, segs);
  return segs;
}

function findClose(p: string, open: number): number {
  let depth = 0;
  let q: string | null = null;
  for (let i = open; i < p.length; i++) {
    const c = p[i];
    if (q) {
      if (c === q) q = null;
      continue;
    }
    if (c === "'" || c === '"') q = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new JsonPathError(`Invalid JSONPath: ${p}`);
}

function splitTop(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q: string | null = null;
  for (const c of s) {
    if (q) {
      cur += c;
      if (c === q) q = null;
      continue;
    }
    if (c === "'" || c === '"') q = c;
    if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObj(v)) return Object.values(v);
  return [];
}

function filterMatch(item: unknown, expr: string): boolean {
  const m = /^@((?:\.[\w$-]+|\['[^']*'\])*)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(expr.trim());
  if (!m) {
    const ex = /^@((?:\.[\w$-]+)+)$/.exec(expr.trim());
    if (ex) return query('$' + (ex[1] ?? ''), item).length > 0;
    throw new JsonPathError(`Unsupported JSONPath filter: ${expr}`);
  }
  const got = query('$' + (m[1] ?? ''), item);
  if (got.length === 0) return false;
  const lhs = got[0];
  let rhs: unknown;
  const raw = (m[3] ?? '').trim();
  if (raw.startsWith("'") && raw.endsWith("'")) rhs = raw.slice(1, -1);
  else rhs = JSON.parse(raw) as unknown;
  switch (m[2]) {
    case '==':
      return JSON.stringify(lhs) === JSON.stringify(rhs);
    case '!=':
      return JSON.stringify(lhs) !== JSON.stringify(rhs);
    case '<':
      return (lhs as number) < (rhs as number);
    case '>':
      return (lhs as number) > (rhs as number);
    case '<=':
      return (lhs as number) <= (rhs as number);
    default:
      return (lhs as number) >= (rhs as number);
  }
}

function step(nodes: unknown[], seg: Seg): unknown[] {
  const out: unknown[] = [];
  for (const n of nodes) {
    switch (seg.t) {
      case 'name':
        if (isObj(n) && Object.prototype.hasOwnProperty.call(n, seg.name)) out.push(n[seg.name]);
        break;
      case 'index':
        if (Array.isArray(n)) {
          const idx = seg.i < 0 ? n.length + seg.i : seg.i;
          if (idx >= 0 && idx < n.length) out.push(n[idx]);
        }
        break;
      case 'wild':
        out.push(...children(n));
        break;
      case 'slice':
        if (Array.isArray(n)) {
          const len = n.length;
          const norm = (x: number | undefined, d: number): number =>
            x === undefined ? d : x < 0 ? Math.max(0, len + x) : Math.min(x, len);
          const s = norm(seg.start, 0);
          const e = norm(seg.end, len);
          const st = seg.step ?? 1;
          for (let k = s; k < e; k += st > 0 ? st : 1) out.push(n[k]);
        }
        break;
      case 'union':
        for (const it of seg.items) {
          if (typeof it === 'number' && Array.isArray(n)) {
            const idx = it < 0 ? n.length + it : it;
            if (idx >= 0 && idx < n.length) out.push(n[idx]);
          } else if (typeof it === 'string' && isObj(n) && it in n) out.push(n[it]);
        }
        break;
      case 'desc': {
        const walk = (x: unknown): void => {
          if (seg.name === null) out.push(...children(x));
          else if (isObj(x) && seg.name in x) out.push(x[seg.name]);
          for (const c of children(x)) walk(c);
        };
        walk(n);
        break;
      }
      case 'filter':
        for (const c of children(n)) if (filterMatch(c, seg.expr)) out.push(c);
        break;
    }
  }
  return out;
}

/** All matches of `path` in `root`. */
export function query(path: string, root: unknown): unknown[] {
  let nodes: unknown[] = [root];
  for (const seg of parse(path)) nodes = step(nodes, seg);
  return nodes;
}

export function isDefinite(path: string): boolean {
  return parse(path).every((s) => s.t === 'name' || s.t === 'index');
}

export function validatePath(path: string): void {
  parse(path);
}

/**
 * Value at `path`: for a definite path the single value (found=false when missing);
 * for an indefinite path, the list of matches (always found).
 */
export function read(path: string, root: unknown): { found: boolean; value: unknown } {
  const res = query(path, root);
  if (isDefinite(path)) return res.length ? { found: true, value: res[0] } : { found: false, value: undefined };
  return { found: true, value: res };
}

/** Writes `value` at a definite path (ResultPath semantics), creating objects on the way. */
export function write(root: unknown, path: string, value: unknown): unknown {
  const segs = parse(path);
  if (segs.length === 0) return value;
  const base: unknown = structuredClone(root);
  let holder: unknown = isObj(base) || Array.isArray(base) ? base : {};
  const top = holder;
  for (let k = 0; k < segs.length; k++) {
    const seg = segs[k];
    const last = k === segs.length - 1;
    if (seg?.t === 'name') {
      if (!isObj(holder)) throw new JsonPathError(`Unable to write to path ${path}`);
      if (last) holder[seg.name] = value;
      else {
        if (!isObj(holder[seg.name]) && !Array.isArray(holder[seg.name])) holder[seg.name] = {};
        holder = holder[seg.name];
      }
    } else if (seg?.t === 'index') {
      if (!Array.isArray(holder)) throw new JsonPathError(`Unable to write to path ${path}`);
      if (last) holder[seg.i] = value;
      else holder = holder[seg.i];
    } else throw new JsonPathError(`Invalid ResultPath: ${path}`);
  }
  return top;
}
