import { createElement } from 'lwc';
import OssCallbackHealth from 'c/ossCallbackHealth';
import getHealth from '@salesforce/apex/OssHealthController.getHealth';
import getDailyCounts from '@salesforce/apex/OssHealthController.getDailyCounts';

jest.mock('@salesforce/apex/OssHealthController.getHealth', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/OssHealthController.getDailyCounts', () => ({ default: jest.fn() }), { virtual: true });

const OURS = 'https://acme.my.salesforce.com/services/apexrest/OSS/callback';

function health(state, registeredUrl, checks) {
    return {
        callbackUrl: OURS,
        registrationState: state,
        registeredUrl,
        registeredEvents: ['PACKAGE_COMPLETE'],
        checks,
    };
}

const CHART = {
    days: ['2026-12-02', '2026-12-03'],
    byStatus: [{ label: 'Processed', counts: [3, 1], total: 4 }],
    byEventName: [
        { label: 'PACKAGE_COMPLETE', counts: [1, 1], total: 2 },
        { label: 'PACKAGE_CREATE', counts: [2, 0], total: 2 },
    ],
};

async function render() {
    const element = createElement('c-oss-callback-health', { is: OssCallbackHealth });
    document.body.appendChild(element);
    // Two Apex calls, then a render.
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    return element;
}

const text = (element, selector) => element.shadowRoot.querySelector(selector)?.textContent.trim();

describe('c-oss-callback-health', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it.each([
        ['THIS_ORG', OURS, 'OneSpan sends callbacks to this org'],
        [
            'OTHER_URL',
            'https://other.my.salesforce.com/services/apexrest/OSS/callback',
            'OneSpan sends callbacks to another URL',
        ],
        ['NOT_REGISTERED', null, 'Nothing is registered: OneSpan sends no callbacks'],
        ['KEY_REFUSED', null, 'OneSpan refused the key'],
        ['NO_CREDENTIAL', null, 'No OneSpan key is stored in Salesforce'],
        ['UNREACHABLE', null, 'OneSpan could not be reached'],
    ])('says %s in words', async (state, registeredUrl, headline) => {
        getHealth.mockResolvedValue(health(state, registeredUrl, []));
        getDailyCounts.mockResolvedValue(CHART);

        const element = await render();

        expect(text(element, '[data-id="headline"]')).toBe(headline);
        expect(text(element, '[data-id="callback-url"]')).toBe(OURS);
        expect(text(element, '[data-id="registered-url"]')).toBe(registeredUrl ?? '(nothing registered)');
    });

    it('lists each check with its result and fix', async () => {
        getHealth.mockResolvedValue(
            health('THIS_ORG', OURS, [
                {
                    name: 'failed',
                    label: 'Failed events',
                    status: 'fail',
                    detail: '2 events are Failed.',
                    fix: 'Replay them.',
                },
                {
                    name: 'lastEvent',
                    label: 'Last event received',
                    status: 'pass',
                    detail: 'OSS-000042',
                    recordId: 'a0O000000000001',
                },
            ]),
        );
        getDailyCounts.mockResolvedValue(CHART);

        const element = await render();

        const failed = element.shadowRoot.querySelector('tr[data-check="failed"]');
        expect(failed.dataset.status).toBe('fail');
        expect(failed.textContent).toContain('2 events are Failed.');
        expect(failed.textContent).toContain('Replay them.');
        const last = element.shadowRoot.querySelector('tr[data-check="lastEvent"] a');
        expect(last.getAttribute('href')).toBe('/a0O000000000001');
    });

    it('charts the events per day by status, then by event name', async () => {
        getHealth.mockResolvedValue(health('THIS_ORG', OURS, []));
        getDailyCounts.mockResolvedValue(CHART);

        const element = await render();

        const days = () => Array.from(element.shadowRoot.querySelectorAll('tr[data-day]'));
        expect(days().map((row) => row.dataset.day)).toEqual(['2026-12-03', '2026-12-02']);
        expect(days()[1].querySelectorAll('.segment')).toHaveLength(1);

        const split = element.shadowRoot.querySelector('lightning-radio-group');
        split.dispatchEvent(new CustomEvent('change', { detail: { value: 'eventName' } }));
        await Promise.resolve();

        expect(days()[1].querySelectorAll('.segment')).toHaveLength(2);
        expect(days()[1].querySelector('.total').textContent).toBe('3');
    });

    it('says when nothing arrived in 30 days', async () => {
        getHealth.mockResolvedValue(health('THIS_ORG', OURS, []));
        getDailyCounts.mockResolvedValue({ days: ['2026-12-03'], byStatus: [], byEventName: [] });

        const element = await render();

        expect(text(element, '[data-id="chart-empty"]')).toBe('No event in the last 30 days.');
    });

    it("shows the controller's refusal, such as a missing permission set", async () => {
        getHealth.mockRejectedValue({ body: { message: 'You need the OSS_Callback_Admin permission set' } });
        getDailyCounts.mockResolvedValue(CHART);

        const element = await render();

        expect(text(element, '[data-id="error"]')).toBe('You need the OSS_Callback_Admin permission set');
        expect(element.shadowRoot.querySelector('[data-id="headline"]')).toBeNull();
    });
});
