import {
  integrationLicence,
  readIntegrationLicence,
  pslAssignmentQuery,
} from '../../../scripts/lib/salesforce/integrationLicence';

describe('integrationLicence', () => {
  it('needs the permission set licence only for a Salesforce Integration user without it', () => {
    expect(integrationLicence({ Name: 'Salesforce Integration' }, 0, 'int@acme.com')).toEqual({
      username: 'int@acme.com',
      userLicence: 'Salesforce Integration',
      integrationUser: true,
      hasApiIntegrationPsl: false,
      needsPsl: true,
    });
    expect(integrationLicence({ Name: 'Salesforce Integration' }, 1).needsPsl).toBe(false);
    expect(integrationLicence({ Name: 'Salesforce' }, 0).needsPsl).toBe(false);
    expect(integrationLicence(undefined, 0)).toMatchObject({ userLicence: null, needsPsl: false });
  });

  it('recognises the licence by its label too, whichever field holds the Setup text', () => {
    expect(integrationLicence({ Name: 'SFDC_INTEGRATION', MasterLabel: 'salesforce integration' }, 0).needsPsl).toBe(
      true,
    );
  });

  it('reads the user, its licence and its licence assignments with one-level queries', async () => {
    const asked: string[] = [];
    const answers: Record<string, unknown[]> = {
      User: [{ Username: 'int@acme.com', Profile: { UserLicenseId: '100000000000001AAA' } }],
      UserLicense: [{ Name: 'Salesforce Integration', MasterLabel: 'Salesforce Integration' }],
      PermissionSetLicenseAssign: [],
    };
    const query = <T>(soql: string): Promise<T[]> => {
      asked.push(soql);
      const object = /FROM (\w+)/.exec(soql)?.[1] ?? '';
      return Promise.resolve(answers[object] as T[]);
    };
    await expect(readIntegrationLicence(query, '005000000000001AAA')).resolves.toMatchObject({
      username: 'int@acme.com',
      needsPsl: true,
    });
    expect(asked[2]).toBe(pslAssignmentQuery('005000000000001AAA'));
    expect(asked[2]).toContain("PermissionSetLicense.DeveloperName = 'SalesforceAPIIntegrationPsl'");
  });
});
