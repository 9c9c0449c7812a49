import { LightningElement, api } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import describeEvent from '@salesforce/apex/OssEventActionsController.describeEvent';
import replay from '@salesforce/apex/OssEventActionsController.replay';
import archiveAgain from '@salesforce/apex/OssEventActionsController.archiveAgain';

const TOAST_VARIANTS = { queued: 'success', duplicate: 'info', refused: 'warning' };

/**
 * The event record page's explanation and actions: what the status means and what to do, the cause
 * and fix of the last error, and the Replay and Archive documents again buttons, each of which says
 * what happened (queued, duplicate, refused and why). OssEventActionsController decides everything.
 */
export default class OssCallbackEventActions extends LightningElement {
    @api recordId;
    summary;
    result;
    error;
    busy = false;

    connectedCallback() {
        this.load();
    }

    async load() {
        try {
            this.summary = await describeEvent({ eventId: this.recordId });
            this.error = undefined;
        } catch (failure) {
            this.error = messageOf(failure);
        }
    }

    get replayDisabled() {
        return this.busy || !this.summary?.canReplay;
    }

    get archiveDisabled() {
        return this.busy || !this.summary?.canArchiveAgain;
    }

    get filesText() {
        const count = this.summary?.fileCount ?? 0;
        return count === 1 ? '1 file is linked to this event.' : `${count} files are linked to this event.`;
    }

    async handleReplay() {
        await this.run(async () => (await replay({ eventIds: [this.recordId] }))[0]);
    }

    async handleArchiveAgain() {
        await this.run(() => archiveAgain({ eventId: this.recordId }));
    }

    async run(action) {
        this.busy = true;
        try {
            this.result = await action();
            this.dispatchEvent(
                new ShowToastEvent({
                    title: `Outcome: ${this.result.outcome}`,
                    message: this.result.message,
                    variant: TOAST_VARIANTS[this.result.outcome] ?? 'info',
                }),
            );
            await notifyRecordUpdateAvailable([{ recordId: this.recordId }]);
            await this.load();
        } catch (failure) {
            this.error = messageOf(failure);
        } finally {
            this.busy = false;
        }
    }
}

function messageOf(failure) {
    return failure?.body?.message ?? failure?.message ?? String(failure);
}
