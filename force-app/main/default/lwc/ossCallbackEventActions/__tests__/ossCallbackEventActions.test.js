import { createElement } from 'lwc';
import OssCallbackEventActions from 'c/ossCallbackEventActions';
import describeEvent from '@salesforce/apex/OssEventActionsController.describeEvent';
import replay from '@salesforce/apex/OssEventActionsController.replay';
import archiveAgain from '@salesforce/apex/OssEventActionsController.archiveAgain';
import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';

jest.mock('@salesforce/apex/OssEventActionsController.describeEvent', () => ({ default: jest.fn() }), {
    virtual: true,
});
jest.mock('@salesforce/apex/OssEventActionsController.replay', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/OssEventActionsController.archiveAgain', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('lightning/uiRecordApi', () => ({ notifyRecordUpdateAvailable: jest.fn(() => Promise.resolve()) }), {
    virtual: true,
});

const EVENT_ID = 'a0O000000000001';
const FAILED = {
    status: 'Failed',
    explanation: 'A handler failed. Last Error says why and what to fix; once it is fixed, click Replay.',
    lastErrorSummary: 'Handler OssDocumentArchiver failed: OneSpan refused the key. Set the key.',
    canReplay: true,
    canArchiveAgain: true,
    fileCount: 1,
};
const PROCESSED_CREATE = {
    status: 'Processed',
    explanation: 'Every registered handler ran without error.',
    canReplay: false,
    canArchiveAgain: false,
    fileCount: 0,
};

async function flush() {
    for (let i = 0; i < 6; i++) {
        // eslint-disable-next-line no-await-in-loop
        await Promise.resolve();
    }
}

async function render() {
    const element = createElement('c-oss-callback-event-actions', { is: OssCallbackEventActions });
    element.recordId = EVENT_ID;
    document.body.appendChild(element);
    await flush();
    return element;
}

const find = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);

describe('c-oss-callback-event-actions', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('explains a failed event with the cause and fix of its last error', async () => {
        describeEvent.mockResolvedValue(FAILED);

        const element = await render();

        expect(describeEvent).toHaveBeenCalledWith({ eventId: EVENT_ID });
        expect(find(element, 'explanation').textContent).toContain('click Replay');
        expect(find(element, 'last-error').textContent).toBe(FAILED.lastErrorSummary);
        expect(find(element, 'files').textContent).toBe('1 file is linked to this event.');
        expect(find(element, 'replay').disabled).toBe(false);
        expect(find(element, 'archive').disabled).toBe(false);
    });

    it('offers no action that does not apply', async () => {
        describeEvent.mockResolvedValue(PROCESSED_CREATE);

        const element = await render();

        expect(find(element, 'replay').disabled).toBe(true);
        expect(find(element, 'archive').disabled).toBe(true);
        expect(find(element, 'last-error')).toBeNull();
    });

    it.each([
        ['queued', 'OSS-000042 is queued for processing.'],
        ['duplicate', 'OSS-000042 is the same event as a0O000000000002, already stored: marked Duplicate.'],
        [
            'refused',
            'OSS-000042: no active OSS_Callback_Handler__mdt record matches event X. Register a handler, then replay.',
        ],
    ])('replays the event and shows the outcome %s with its reason', async (outcome, message) => {
        describeEvent.mockResolvedValue(FAILED);
        replay.mockResolvedValue([{ recordId: EVENT_ID, outcome, message }]);
        const element = await render();
        const toasts = [];
        element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));

        find(element, 'replay').click();
        await flush();

        expect(replay).toHaveBeenCalledWith({ eventIds: [EVENT_ID] });
        expect(find(element, 'result').dataset.outcome).toBe(outcome);
        expect(find(element, 'result').textContent).toContain(message);
        expect(toasts[0].message).toBe(message);
        expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: EVENT_ID }]);
        expect(describeEvent).toHaveBeenCalledTimes(2);
    });

    it('archives the documents again and says so', async () => {
        describeEvent.mockResolvedValue(FAILED);
        archiveAgain.mockResolvedValue({
            recordId: EVENT_ID,
            outcome: 'queued',
            message: 'the archiving handler is queued.',
        });
        const element = await render();

        find(element, 'archive').click();
        await flush();

        expect(archiveAgain).toHaveBeenCalledWith({ eventId: EVENT_ID });
        expect(find(element, 'result').textContent).toContain('the archiving handler is queued.');
    });

    it('shows the refusal of a user without the permission set', async () => {
        describeEvent.mockRejectedValue({ body: { message: 'You need the OSS_Callback_Admin permission set' } });

        const element = await render();

        expect(find(element, 'error').textContent).toBe('You need the OSS_Callback_Admin permission set');
        expect(find(element, 'replay').disabled).toBe(true);
    });
});
