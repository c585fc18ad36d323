// The staff directory's two adapters behind one port: Cognito (mocked with aws-sdk-client-mock) and
// the local dev issuer's directory; and the rule both serve: a task goes only to a member of the
// team who may do its step, and the candidates are exactly those reassignment accepts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoStaffDirectory } from '../../../functions/adapters/cognito/staff-directory.ts';
import { LocalStaffDirectory, readSeed } from '../../../local/staff-directory.ts';
import { assignmentRefusal, candidatesFor, type StaffDirectory, type StaffMember } from '../../../domain/access/staff-directory.ts';
import type { ShareRecord } from '../../../domain/sharing/shares.ts';

const cognito = mockClient(CognitoIdentityProviderClient);
const POOL = 'eu-west-3_pool';
afterEach(() => cognito.reset());

const attributes = (sub: string, extra: Record<string, string> = {}) =>
  Object.entries({ sub, email: `${sub}@example.org`, ...extra }).map(([Name, Value]) => ({ Name, Value }));

describe('the Cognito directory', () => {
  const directory = () => new CognitoStaffDirectory(new CognitoIdentityProviderClient({ region: 'eu-west-3' }), POOL);

  it('a member: an enabled user found by sub, with their groups as roles and their association', async () => {
    const sub = '7c1e2f3a-0000-4000-a000-000000000001';
    cognito
      .on(AdminGetUserCommand, { UserPoolId: POOL, Username: sub })
      .resolves({ Username: sub, Enabled: true, UserAttributes: attributes(sub, { 'custom:partnerId': 'assoc-oujda', name: 'Leila' }) });
    cognito
      .on(AdminListGroupsForUserCommand, { UserPoolId: POOL, Username: sub })
      .resolvesOnce({ Groups: [{ GroupName: 'partner' }], NextToken: 'page-2' })
      .resolvesOnce({ Groups: [{ GroupName: 'not-a-role' }, { GroupName: 'caseworker' }] });
    expect(await directory().member(sub)).toEqual({ sub, groups: ['partner', 'caseworker'], partnerId: 'assoc-oujda', name: 'Leila' });
    expect(cognito.commandCalls(AdminListGroupsForUserCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'page-2']);
  });

  it('no such user, or a disabled one: not a member', async () => {
    cognito
      .on(AdminGetUserCommand, { Username: 'ghost' })
      .rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));
    cognito
      .on(AdminGetUserCommand, { Username: 'gone' })
      .resolves({ Username: 'gone', Enabled: false, UserAttributes: attributes('gone') });
    expect(await directory().member('ghost')).toBeUndefined();
    expect(await directory().member('gone')).toBeUndefined();
    expect(cognito.commandCalls(AdminListGroupsForUserCommand)).toHaveLength(0);
  });

  it('a dependency error is not "unknown": it reaches the caller (a 503 there)', async () => {
    cognito.on(AdminGetUserCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    await expect(directory().member('anyone')).rejects.toThrow('Rate exceeded');
  });

  it("a role's members: its group's enabled users, page after page", async () => {
    cognito
      .on(ListUsersInGroupCommand, { UserPoolId: POOL, GroupName: 'supervisor' })
      .resolvesOnce({ Users: [{ Username: 'u1', Enabled: true, Attributes: attributes('s-1', { name: 'Karim' }) }], NextToken: 'next' })
      .resolvesOnce({
        Users: [
          { Username: 'u2', Enabled: false, Attributes: attributes('s-2') },
          { Username: 'u3', Enabled: true, Attributes: attributes('s-3') },
        ],
      });
    expect(await directory().membersOf('supervisor')).toEqual([
      { sub: 's-1', groups: ['supervisor'], name: 'Karim' },
      { sub: 's-3', groups: ['supervisor'] },
    ]);
  });
});

describe('the local directory (the dev issuer’s)', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('knows the seed list and every user a token was issued for (their latest roles), across a restart', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'staff-'));
    const seed: StaffMember[] = [{ sub: 'karim', groups: ['supervisor'], name: 'Karim Alaoui' }];
    const directory = LocalStaffDirectory.open(dir, seed);
    expect(await directory.member('amina')).toBeUndefined();
    directory.record({ sub: 'amina', groups: ['caseworker'] });
    directory.record({ sub: 'karim', groups: ['supervisor', 'caseworker'] });
    const reopened = LocalStaffDirectory.open(dir, seed);
    expect(await reopened.member('amina')).toEqual({ sub: 'amina', groups: ['caseworker'] });
    expect(await reopened.member('karim')).toEqual({ sub: 'karim', groups: ['supervisor', 'caseworker'], name: 'Karim Alaoui' });
    expect((await reopened.membersOf('caseworker')).map((m) => m.sub).sort()).toEqual(['amina', 'karim']);
  });

  it('the shipped seed list is valid and has someone for each casework role', () => {
    const seed = readSeed();
    for (const role of ['caseworker', 'supervisor', 'partner'] as const) expect(seed.some((m) => m.groups.includes(role))).toBe(true);
  });
});

describe('who may be given a task', () => {
  const NOW = new Date('2026-12-03T10:00:00Z');
  const team: StaffMember[] = [
    { sub: 'amina', groups: ['caseworker'], name: 'Amina' },
    { sub: 'salma', groups: ['caseworker', 'supervisor'], name: 'Salma' },
    { sub: 'karim', groups: ['supervisor'], name: 'Karim' },
    { sub: 'nadia', groups: ['admin'] },
    { sub: 'hajar', groups: ['partner'], partnerId: 'assoc-oujda', name: 'Hajar' },
    { sub: 'leila', groups: ['partner'], partnerId: 'assoc-tanger', name: 'Leila' },
  ];
  const directory: StaffDirectory = {
    member: async (sub) => team.find((m) => m.sub === sub),
    membersOf: async (role) => team.filter((m) => m.groups.includes(role)),
  };
  const approval = { caseId: 'c1', roles: ['supervisor' as const], forbiddenActors: ['salma'] };
  const arrival = { caseId: 'c1', roles: ['caseworker' as const, 'partner' as const], forbiddenActors: [] };
  const wholeCaseShare = {
    caseId: 'c1',
    shareId: 's1',
    partnerId: 'assoc-tanger',
    scope: 'case',
    until: '2027-01-01T00:00:00Z',
  } as unknown as ShareRecord;

  it('refuses someone unknown, someone without a role of the step, and the one four eyes exclude', async () => {
    expect(assignmentRefusal(approval, 'ghost', undefined, [], NOW)).toBe('assignee-unknown');
    expect(assignmentRefusal(approval, 'amina', await directory.member('amina'), [], NOW)).toBe('assignee-not-eligible');
    expect(assignmentRefusal(approval, 'salma', await directory.member('salma'), [], NOW)).toBe('assignee-excluded');
    expect(assignmentRefusal(approval, 'karim', await directory.member('karim'), [], NOW)).toBeUndefined();
  });

  it('lists the holders of the step’s roles whom reassignment accepts, by name', async () => {
    expect((await candidatesFor(approval, directory, [], NOW)).map((m) => m.sub)).toEqual(['karim']);
    // A partner step of a case of no association: its staff; with a whole-case share, that association's users too.
    expect((await candidatesFor(arrival, directory, [], NOW)).map((m) => m.sub)).toEqual(['amina', 'salma']);
    const shared = await candidatesFor(arrival, directory, [wholeCaseShare], NOW);
    expect(shared.map((m) => m.sub)).toEqual(['amina', 'leila', 'salma']);
    for (const member of shared) expect(assignmentRefusal(arrival, member.sub, member, [wholeCaseShare], NOW)).toBeUndefined();
    expect(assignmentRefusal(arrival, 'hajar', await directory.member('hajar'), [wholeCaseShare], NOW)).toBe('assignee-not-eligible');
  });
});
