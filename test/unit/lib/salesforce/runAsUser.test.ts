import {
  findRunAsUser,
  permissionSetAssignmentQuery,
  RunAsUser,
  runAsUserProblems,
  runAsUserQuery,
} from '../../../../scripts/lib/salesforce/runAsUser';

const healthy: RunAsUser = {
  id: '0055g0000000002AAA',
  username: 'oss@example.com',
  isActive: true,
  profileApiEnabled: true,
  hasIntegrationPermissionSet: true,
};

describe('runAsUserProblems', () => {
  it('finds nothing wrong with an active, API-enabled user holding the permission set', () => {
    expect(runAsUserProblems(healthy)).toEqual([]);
  });

  it('accepts API Enabled from OSS_Callback_Integration alone (the permission set grants it)', () => {
    expect(runAsUserProblems({ ...healthy, profileApiEnabled: false })).toEqual([]);
  });

  it('reports an inactive user', () => {
    expect(runAsUserProblems({ ...healthy, isActive: false })).toEqual(['inactive']);
  });

  it('reports a missing permission set, and API Enabled when the profile lacks it too', () => {
    expect(runAsUserProblems({ ...healthy, hasIntegrationPermissionSet: false })).toEqual(['noPermissionSet']);
    expect(runAsUserProblems({ ...healthy, hasIntegrationPermissionSet: false, profileApiEnabled: false })).toEqual([
      'apiDisabled',
      'noPermissionSet',
    ]);
  });
});

describe('findRunAsUser', () => {
  it('reads the user and the OSS_Callback_Integration assignment with escaped literals', async () => {
    const soql: string[] = [];
    const answers: unknown[][] = [
      [{ Id: healthy.id, Username: healthy.username, IsActive: true, Profile: { PermissionsApiEnabled: false } }],
      [],
    ];
    const user = await findRunAsUser(<T>(query: string) => {
      soql.push(query);
      return Promise.resolve(answers.shift() as T[]);
    }, healthy.id);
    expect(user).toEqual({ ...healthy, profileApiEnabled: false, hasIntegrationPermissionSet: false });
    expect(soql).toEqual([runAsUserQuery(healthy.id), permissionSetAssignmentQuery(healthy.id)]);
    expect(runAsUserQuery("x' OR Id != '")).toContain("WHERE Id = 'x\\' OR Id != \\''");
  });

  it('is undefined when the user is not visible', async () => {
    expect(await findRunAsUser(() => Promise.resolve([]), healthy.id)).toBeUndefined();
  });
});
