import { OssError } from '../../../scripts/lib/errors';
import { checkRunAsUser } from '../../../scripts/lib/deploy/run-as';
import type { ResolvedValue } from '../../../scripts/lib/deploy/settings';
import type { SoqlQuery } from '../../../scripts/lib/salesforce/namespace';
import { adminGrants, privilegedUserQuery } from '../../../scripts/lib/salesforce/runAsPrivileges';

const RUN_AS: ResolvedValue = { value: 'oss@acme.com.uat', source: 'flag', origin: '--run-as-username' };
const USER_ID = '005000000000001AAA';

interface PermissionFlags {
  PermissionsModifyAllData?: boolean;
  PermissionsAuthorApex?: boolean;
}

/** An org of one user, answering the two queries by the object they read (anything else is a test bug). */
function orgWith(
  user: { IsActive?: boolean; profile?: string; profilePermissions?: PermissionFlags } | undefined,
  assignments: ({ Name: string; Label?: string; IsOwnedByProfile?: boolean } & PermissionFlags)[] = [],
): { query: SoqlQuery; queries: string[] } {
  const queries: string[] = [];
  const query = (soql: string): Promise<never[]> => {
    queries.push(soql);
    if (/FROM User WHERE/.test(soql)) {
      return Promise.resolve(
        (user
          ? [
              {
                Id: USER_ID,
                Username: RUN_AS.value,
                IsActive: user.IsActive ?? true,
                Profile: { Name: user.profile ?? 'Minimum Access - API Only Integrations', ...user.profilePermissions },
              },
            ]
          : []) as never[],
      );
    }
    if (/FROM PermissionSetAssignment WHERE/.test(soql)) {
      return Promise.resolve(assignments.map((permissionSet) => ({ PermissionSet: permissionSet })) as never[]);
    }
    throw new Error(`unexpected query ${soql}`);
  };
  return { query: query as SoqlQuery, queries };
}

async function rejection(promise: Promise<unknown>): Promise<OssError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OssError) return error;
    throw error;
  }
  throw new Error('expected an OssError');
}

describe('checkRunAsUser (deploy outside scratch orgs)', () => {
  it('accepts an integration user with neither admin permission, looking it up by username', async () => {
    const org = orgWith({}, [{ Name: 'OSS_Callback_Integration' }]);
    const verdict = await checkRunAsUser(org.query, RUN_AS, false);
    expect(verdict.warning).toBeUndefined();
    expect(verdict.privileges.grants).toEqual([]);
    expect(org.queries[0]).toBe(privilegedUserQuery({ username: RUN_AS.value }));
    expect(org.queries[0]).toContain("WHERE Username = 'oss@acme.com.uat'");
    expect(org.queries[1]).toContain(`WHERE AssigneeId = '${USER_ID}'`);
  });

  it('refuses a System Administrator (Modify All Data and Author Apex from the profile) with the fix', async () => {
    const org = orgWith({
      profile: 'System Administrator',
      profilePermissions: { PermissionsModifyAllData: true, PermissionsAuthorApex: true },
    });
    const error = await rejection(checkRunAsUser(org.query, RUN_AS, false));
    expect(error.code).toBe('AdminRunAsUserError');
    expect(error.message).toContain(
      'has Modify All Data (profile "System Administrator"), Author Apex (profile "System Administrator")',
    );
    expect(error.actions.join(' ')).toContain(
      'user license "Salesforce Integration", profile "Minimum Access - API Only Integrations"',
    );
    expect(error.actions.join(' ')).toContain('--allow-admin-run-as');
  });

  it('refuses Author Apex granted by a permission set, naming the permission set', async () => {
    const org = orgWith({}, [
      { Name: 'OSS_Callback_Integration' },
      { Name: 'Apex_Devs', Label: 'Apex Developers', PermissionsAuthorApex: true },
    ]);
    const error = await rejection(checkRunAsUser(org.query, RUN_AS, false));
    expect(error.code).toBe('AdminRunAsUserError');
    expect(error.message).toContain('has Author Apex (permission set "Apex Developers")');
  });

  it('counts the profile-owned permission set as the profile, once', async () => {
    const org = orgWith({ profile: 'Custom Admin', profilePermissions: { PermissionsModifyAllData: true } }, [
      { Name: 'X00e000', IsOwnedByProfile: true, PermissionsModifyAllData: true },
    ]);
    const error = await rejection(checkRunAsUser(org.query, RUN_AS, false));
    expect(error.message).toContain('has Modify All Data (profile "Custom Admin").');
  });

  it('lets --allow-admin-run-as through with a warning that says what it means', async () => {
    const org = orgWith({ profile: 'System Administrator', profilePermissions: { PermissionsModifyAllData: true } });
    const verdict = await checkRunAsUser(org.query, RUN_AS, true);
    expect(verdict.warning).toContain('allowed by --allow-admin-run-as');
    expect(verdict.warning).toContain('full API access');
  });

  it.each([
    ['an unknown user', undefined],
    ['an inactive user', { IsActive: false }],
  ])('refuses %s before anything is deployed, naming where the username came from', async (_label, user) => {
    const error = await rejection(checkRunAsUser(orgWith(user).query, RUN_AS, false));
    expect(error.code).toBe('RunAsUserNotFoundError');
    expect(error.message).toContain('oss@acme.com.uat (from --run-as-username)');
    expect(error.message).toContain('Nothing was sent to Salesforce');
  });
});

describe('adminGrants', () => {
  it('finds nothing when no source grants an admin permission (null and false alike)', () => {
    expect(
      adminGrants(
        {
          Id: USER_ID,
          Username: 'a@b.c',
          IsActive: true,
          Profile: { Name: 'Standard User', PermissionsModifyAllData: null, PermissionsAuthorApex: false },
        },
        [{ PermissionSet: null }, { PermissionSet: { Name: 'X', PermissionsModifyAllData: false } }],
      ),
    ).toEqual([]);
  });
});
