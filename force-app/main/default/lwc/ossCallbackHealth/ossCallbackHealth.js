import { LightningElement } from 'lwc';
import getHealth from '@salesforce/apex/OssHealthController.getHealth';
import getDailyCounts from '@salesforce/apex/OssHealthController.getDailyCounts';
import { chartRows, legend } from './chartRows';

const HEADLINES = {
    THIS_ORG: 'OneSpan sends callbacks to this org',
    OTHER_URL: 'OneSpan sends callbacks to another URL',
    NOT_REGISTERED: 'Nothing is registered: OneSpan sends no callbacks',
    KEY_REFUSED: 'OneSpan refused the key',
    NO_CREDENTIAL: 'No OneSpan key is stored in Salesforce',
    UNREACHABLE: 'OneSpan could not be reached',
    UNEXPECTED_ANSWER: 'OneSpan gave an unexpected answer',
};

const ICONS = {
    pass: { name: 'utility:success', variant: 'success', text: 'OK' },
    warn: { name: 'utility:warning', variant: 'warning', text: 'Warning' },
    fail: { name: 'utility:error', variant: 'error', text: 'Problem' },
    skip: { name: 'utility:dash', variant: '', text: 'Not checked' },
};

/**
 * The health view of the OneSpan Sign callbacks: where OneSpan sends them, whether its key works,
 * the last event, failed and waiting events (each with its fix), and the events of the last 30 days.
 * Everything comes from OssHealthController; this component only lays it out.
 */
export default class OssCallbackHealth extends LightningElement {
    health;
    chart;
    error;
    loading = false;
    splitBy = 'status';

    splitOptions = [
        { label: 'By status', value: 'status' },
        { label: 'By event name', value: 'eventName' },
    ];

    connectedCallback() {
        this.refresh();
    }

    async refresh() {
        this.loading = true;
        this.error = undefined;
        try {
            const [health, chart] = await Promise.all([getHealth(), getDailyCounts()]);
            this.health = health;
            this.chart = chart;
        } catch (failure) {
            this.error = failure?.body?.message ?? failure?.message ?? String(failure);
        } finally {
            this.loading = false;
        }
    }

    handleSplitChange(event) {
        this.splitBy = event.detail.value;
    }

    get headline() {
        return this.health ? HEADLINES[this.health.registrationState] : undefined;
    }

    get headlineIsGood() {
        return this.health?.registrationState === 'THIS_ORG';
    }

    get headlineClass() {
        return this.headlineIsGood
            ? 'slds-text-heading_small slds-text-color_success'
            : 'slds-text-heading_small slds-text-color_error';
    }

    get registeredUrl() {
        return this.health?.registeredUrl || '(nothing registered)';
    }

    get registeredEvents() {
        return this.health?.registeredEvents?.length ? this.health.registeredEvents.join(', ') : '(none)';
    }

    get checks() {
        return (this.health?.checks ?? []).map((check) => {
            const icon = ICONS[check.status] ?? ICONS.skip;
            return {
                ...check,
                iconName: icon.name,
                iconVariant: icon.variant,
                iconText: icon.text,
                recordUrl: check.recordId ? `/${check.recordId}` : undefined,
            };
        });
    }

    get selectedSeries() {
        if (!this.chart) {
            return [];
        }
        return this.splitBy === 'eventName' ? this.chart.byEventName : this.chart.byStatus;
    }

    get rows() {
        return this.chart ? chartRows(this.chart, this.selectedSeries) : [];
    }

    get legendItems() {
        return legend(this.selectedSeries);
    }

    get chartIsEmpty() {
        return this.selectedSeries.length === 0;
    }
}
