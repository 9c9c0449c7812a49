import * as fs from 'node:fs';
import * as path from 'node:path';
import { convertSource, findDroppedComponents } from '../../scripts/checks/convert';
import { SUFFIX_RULES, componentOf } from '../../scripts/checks/metadata-suffixes';
import { parsePackageXml } from '../../scripts/checks/package-xml';
import { TOOL_RUN_TIMEOUT_MS, checkNamed, createFixtureProject, errorsOf, runLintSf } from './fixture-project';

type Registry = {
  suffixes: Record<string, string>;
  types: Record<
    string,
    {
      name: string;
      suffix?: string;
      children?: { suffixes: Record<string, string>; types: Record<string, { name: string }> };
    }
  >;
};

describe('convert: pure parts', () => {
  it('names components the way package.xml does', () => {
    expect(componentOf('/p/classes/Greeter.cls')).toEqual({
      kind: 'component',
      component: { type: 'ApexClass', member: 'Greeter' },
    });
    expect(componentOf('/p/objects/Greeting__c/fields/Message__c.field-meta.xml')).toEqual({
      kind: 'component',
      component: { type: 'CustomField', member: 'Greeting__c.Message__c' },
    });
    expect(componentOf('/p/customMetadata/Handler.Default.md-meta.xml')).toEqual({
      kind: 'component',
      component: { type: 'CustomMetadata', member: 'Handler.Default' },
    });
    expect(componentOf('/p/staticresources/Contract.json')).toEqual({ kind: 'not-a-declaration' });
    expect(componentOf('/p/lwc/hello/hello.js-meta.xml')).toEqual({
      kind: 'component',
      component: { type: 'LightningComponentBundle', member: 'hello' },
    });
    expect(componentOf('/p/lwc/hello/__tests__/hello.test.js')).toEqual({ kind: 'not-a-declaration' });
    expect(componentOf('/p/classes/Widget.js-meta.xml')).toEqual({ kind: 'unknown-suffix', suffix: 'js' });
    expect(componentOf('/p/flexipages/Home.flexipage-meta.xml')).toEqual({
      kind: 'component',
      component: { type: 'FlexiPage', member: 'Home' },
    });
  });

  it('agrees with the CLI registry on every suffix it knows', () => {
    const registry = JSON.parse(
      fs.readFileSync(
        require.resolve('@salesforce/source-deploy-retrieve/lib/src/registry/metadataRegistry.json'),
        'utf8',
      ),
    ) as Registry;
    const childTypeName = (suffix: string): string | undefined =>
      Object.values(registry.types)
        .map((type) => type.children)
        .map((children) => children && children.suffixes[suffix] && children.types[children.suffixes[suffix]]?.name)
        .find(Boolean);
    // Types resolved by folder (strictDirectoryName, e.g. StaticResource) are absent from the suffix index.
    const typeName = (suffix: string): string | undefined =>
      registry.types[registry.suffixes[suffix]]?.name ??
      Object.values(registry.types).find((type) => type.suffix === suffix)?.name;
    for (const [suffix, rule] of Object.entries(SUFFIX_RULES)) {
      const registered = rule.child ? childTypeName(suffix) : typeName(suffix);
      expect([suffix, registered]).toEqual([suffix, rule.type]);
    }
  });

  it('reads package.xml and reports each source component it lacks once', () => {
    const converted = parsePackageXml(
      '<Package><types><members>A</members><members>B&amp;C</members><name>ApexClass</name></types><version>65.0</version></Package>',
    );
    expect(converted).toEqual(new Map([['ApexClass', ['A', 'B&C']]]));

    const findings = findDroppedComponents('/p', ['/p/c/A.cls', '/p/c/D.cls', '/p/c/D.cls-meta.xml'], converted);
    expect(findings).toEqual([expect.objectContaining({ file: 'c/D.cls', rule: 'dropped-component' })]);
  });
});

describe('convert with the sf CLI', () => {
  it(
    'fails on an unknown metadata suffix, naming the file',
    () => {
      const project = createFixtureProject();
      try {
        project.write(
          'force-app/main/default/externalClientApps/Oss.ecaOauthz-meta.xml',
          '<ExtlClntAppOauthSettings/>',
        );

        const run = runLintSf(project.root, ['convert']);

        expect(run.exitCode).toBe(1);
        expect(errorsOf(checkNamed(run, 'convert'))).toEqual([
          expect.objectContaining({
            file: 'force-app/main/default/externalClientApps/Oss.ecaOauthz-meta.xml',
            rule: 'TypeInferenceError',
          }),
        ]);
      } finally {
        project.dispose();
      }
    },
    TOOL_RUN_TIMEOUT_MS,
  );

  it(
    'converts one source dir with extra env, so that sfdx-project.json replacements can be proven',
    async () => {
      const project = createFixtureProject();
      try {
        const projectFile = path.join(project.root, 'sfdx-project.json');
        const settings = JSON.parse(fs.readFileSync(projectFile, 'utf8')) as Record<string, unknown>;
        settings.replacements = [
          {
            filename: 'force-app/main/default/classes/Greeter.cls',
            stringToReplace: 'Hello, ',
            replaceWithEnv: 'FIXTURE_GREETING',
          },
        ];
        fs.writeFileSync(projectFile, JSON.stringify(settings));

        const result = await convertSource(project.root, {
          sourceDir: 'force-app/main/default/classes',
          extraEnv: { SF_APPLY_REPLACEMENTS_ON_CONVERT: 'true', FIXTURE_GREETING: 'Bonjour, ' },
        });
        try {
          expect(parsePackageXml(result.packageXml)).toEqual(new Map([['ApexClass', ['Greeter', 'GreeterTest']]]));
          expect(fs.readFileSync(path.join(result.outputDir, 'classes/Greeter.cls'), 'utf8')).toContain(
            "'Bonjour, ' + name",
          );
        } finally {
          result.remove();
        }
        expect(fs.existsSync(result.outputDir)).toBe(false);
      } finally {
        project.dispose();
      }
    },
    TOOL_RUN_TIMEOUT_MS,
  );
});
