// The local stand-in for the Cognito user pool as a directory of staff: the members of a seed list
// (`local/staff.json`, or LocalSystemOptions.staff) and every user the dev issuer has issued a token
// for, with the roles (groups) and association of their latest token. Kept in the data folder
// (`staff-directory.json`) so that a restart still knows them. Handlers reach it through
// functions/commons/staff-directory.ts, as they reach Cognito in AWS.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { STAFF_ROLES, type StaffRole } from '../domain/access/roles.ts';
import type { StaffDirectory, StaffMember } from '../domain/access/staff-directory.ts';

const FILE = 'staff-directory.json';

export const staffMemberSchema = z.strictObject({
  sub: z.string().min(1).max(128),
  groups: z.array(z.enum(STAFF_ROLES)).max(STAFF_ROLES.length),
  partnerId: z.string().min(1).max(64).optional(),
  name: z.string().min(1).max(200).optional(),
});

/** The seed list shipped with the repository: a small team, so that the console has someone to pick. */
export const SEED_FILE = path.join(import.meta.dirname, 'staff.json');

export function readSeed(file = SEED_FILE): StaffMember[] {
  if (!existsSync(file)) return [];
  return z.array(staffMemberSchema).parse(JSON.parse(readFileSync(file, 'utf8')));
}

export class LocalStaffDirectory implements StaffDirectory {
  private readonly issued = new Map<string, StaffMember>();

  private constructor(
    private readonly file: string,
    private readonly seed: readonly StaffMember[],
  ) {}

  /** The directory of a data folder, with the seed's members (a user with a token since: their token's roles). */
  static open(dataDir: string, seed: readonly StaffMember[] = readSeed()): LocalStaffDirectory {
    const directory = new LocalStaffDirectory(path.join(dataDir, FILE), seed);
    if (existsSync(directory.file)) {
      const stored = z.array(staffMemberSchema).safeParse(JSON.parse(readFileSync(directory.file, 'utf8')));
      // A damaged file is started afresh: it holds only what the next tokens record again.
      if (stored.success) for (const member of stored.data) directory.issued.set(member.sub, member);
    }
    return directory;
  }

  /** The dev issuer issued a token for this user: they are a member, with that token's roles. */
  record(member: { sub: string; groups: readonly StaffRole[]; partnerId?: string | undefined }): void {
    const known = this.issued.get(member.sub) ?? this.seed.find((m) => m.sub === member.sub);
    const next: StaffMember = {
      sub: member.sub,
      groups: [...member.groups],
      ...(member.partnerId ? { partnerId: member.partnerId } : {}),
      ...(known?.name ? { name: known.name } : {}),
    };
    const before = this.issued.get(member.sub);
    if (before && JSON.stringify(before) === JSON.stringify(next)) return;
    this.issued.set(member.sub, next);
    writeFileSync(this.file, JSON.stringify([...this.issued.values()], null, 2), { mode: 0o600 });
  }

  async member(sub: string): Promise<StaffMember | undefined> {
    return this.issued.get(sub) ?? this.seed.find((member) => member.sub === sub);
  }

  async membersOf(role: StaffRole): Promise<StaffMember[]> {
    const all = new Map<string, StaffMember>(this.seed.map((member) => [member.sub, member]));
    for (const member of this.issued.values()) all.set(member.sub, member);
    return [...all.values()].filter((member) => member.groups.includes(role));
  }
}
