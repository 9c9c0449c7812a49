import { defineMessages } from './index';

/** The Apex code coverage gate (`npm run coverage-gate`). */
export const coverageMessages = defineMessages({
  reportNotFound: {
    code: 'CoverageReportNotFoundError',
    message: 'No code coverage report at %s.',
    actions: [
      'Produce it with: sf apex run test --code-coverage --result-format json --output-dir %s --wait 20 --target-org <alias>',
      'Or point the gate at the report with --file <path to test-result-codecoverage.json>.',
    ],
  },
  reportUnreadable: {
    code: 'CoverageReportInvalidError',
    message: 'The code coverage report %s is not what `sf apex run test --code-coverage` writes: %s',
    actions: [
      'Re-run the Apex tests with --code-coverage --result-format json --output-dir <dir> and pass <dir>/test-result-codecoverage.json.',
    ],
  },
  sourceDirNotFound: {
    code: 'ApexSourceNotFoundError',
    message: 'The Apex source folder %s does not exist.',
    actions: ['Run the gate from the project root, or pass --source-dir <folder holding the .cls and .trigger files>.'],
  },
  projectNotFound: {
    code: 'ProjectNotFoundError',
    message: 'No sfdx-project.json in %s to tell which Apex classes belong to the project.',
    actions: ['Run the gate from the project root, or pass --source-dir <folder> (repeat it for each folder).'],
  },
  invalidMinimum: {
    code: 'InvalidMinimumError',
    message: '--min must be a number from 0 to 100, got "%s".',
    actions: ['Pass the lowest acceptable coverage per class in percent, e.g. --min 90.'],
    exitCode: 2,
  },
  belowThreshold: {
    code: 'CoverageBelowThresholdError',
    message: '%s of %s project classes and triggers are below %s% line coverage: %s.',
    actions: [
      'Add Apex tests that run the uncovered lines (the report lists them per class under "lines" with value 0).',
      'A class missing from the report was not run by any test: give it a test class.',
    ],
  },
});
