// The staff directory on the Cognito user pool: a member is an enabled user, found by the `sub` of
// their tokens (AdminGetUser accepts it as the username of a local user), with their groups as roles
// (AdminListGroupsForUser) and `custom:partnerId` as a partner user's association; a role's members
// are its group's enabled users (ListUsersInGroup). IAM: those three actions on the pool only.
import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  ListUsersInGroupCommand,
  UserNotFoundException,
  type AttributeType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { isStaffRole, type StaffRole } from '../../../domain/access/roles.ts';
import type { StaffDirectory, StaffMember } from '../../../domain/access/staff-directory.ts';

/** The IAM actions the adapter needs on the user pool (infra grants exactly these). */
export const STAFF_DIRECTORY_ACTIONS = ['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser', 'cognito-idp:ListUsersInGroup'];

/** At most this many pages of a group are read (60 users each): a team, not a population. */
const MAX_PAGES = 10;

const attribute = (attributes: AttributeType[] | undefined, name: string) => attributes?.find((a) => a.Name === name)?.Value;

export class CognitoStaffDirectory implements StaffDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async member(sub: string): Promise<StaffMember | undefined> {
    try {
      const user = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: sub }));
      if (user.Enabled === false || attribute(user.UserAttributes, 'sub') !== sub) return undefined;
      const groups: StaffRole[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const listed = await this.client.send(
          new AdminListGroupsForUserCommand({ UserPoolId: this.userPoolId, Username: sub, ...(nextToken ? { NextToken: nextToken } : {}) }),
        );
        for (const group of listed.Groups ?? []) if (group.GroupName && isStaffRole(group.GroupName)) groups.push(group.GroupName);
        nextToken = listed.NextToken;
        if (!nextToken) break;
      }
      return memberOf(sub, groups, user.UserAttributes);
    } catch (error) {
      if (error instanceof UserNotFoundException || (error as { name?: string }).name === 'UserNotFoundException') return undefined;
      throw error;
    }
  }

  async membersOf(role: StaffRole): Promise<StaffMember[]> {
    const members: StaffMember[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const listed = await this.client.send(
        new ListUsersInGroupCommand({ UserPoolId: this.userPoolId, GroupName: role, ...(nextToken ? { NextToken: nextToken } : {}) }),
      );
      for (const user of listed.Users ?? []) {
        const sub = attribute(user.Attributes, 'sub');
        // The listing gives the user's attributes, not all their groups: the role listed is the one that counts here.
        if (sub && user.Enabled !== false) members.push(memberOf(sub, [role], user.Attributes));
      }
      nextToken = listed.NextToken;
      if (!nextToken) break;
    }
    return members;
  }
}

function memberOf(sub: string, groups: StaffRole[], attributes: AttributeType[] | undefined): StaffMember {
  const partnerId = attribute(attributes, 'custom:partnerId');
  const name = attribute(attributes, 'name');
  return { sub, groups, ...(partnerId ? { partnerId } : {}), ...(name ? { name } : {}) };
}
