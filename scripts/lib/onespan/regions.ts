/**
 * OneSpan Sign environments by region (reference/onespan.md §4.1, from OneSpan's own tools and SDKs).
 * The API base is the host plus `/api`. No public EU or AU sandbox host is known (unconfirmed whether
 * one exists), so those regions offer production only; `--onespan-url` covers anything not listed.
 */
export const ONESPAN_REGIONS = {
  'us-sandbox': 'https://sandbox.esignlive.com/api',
  us: 'https://apps.esignlive.com/api',
  'us1-sandbox': 'https://sandbox.e-signlive.com/api',
  us1: 'https://apps.e-signlive.com/api',
  'ca-sandbox': 'https://sandbox.e-signlive.ca/api',
  ca: 'https://apps.e-signlive.ca/api',
  eu: 'https://apps.esignlive.eu/api',
  au: 'https://apps.esignlive.com.au/api',
  preview: 'https://preview.esignlive.com/api',
  'us-gov-sandbox': 'https://signer-sandbox-gov.esignlive.com/api',
  'us-gov': 'https://signer-gov.esignlive.com/api',
} as const;

export type OneSpanRegion = keyof typeof ONESPAN_REGIONS;

export const REGION_NAMES = Object.keys(ONESPAN_REGIONS) as OneSpanRegion[];

export function isOneSpanRegion(name: string): name is OneSpanRegion {
  return Object.prototype.hasOwnProperty.call(ONESPAN_REGIONS, name);
}

export function regionApiUrl(region: OneSpanRegion): string {
  return ONESPAN_REGIONS[region];
}
