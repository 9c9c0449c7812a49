import { chartRows, legend } from '../chartRows';

const CHART = {
    days: ['2026-12-01', '2026-12-02', '2026-12-03'],
    byStatus: [
        { label: 'Failed', counts: [0, 1, 0], total: 1 },
        { label: 'Processed', counts: [2, 1, 0], total: 3 },
    ],
};

describe('chartRows', () => {
    it('lists the newest day first, with its total and a segment per non-zero series', () => {
        const rows = chartRows(CHART, CHART.byStatus);

        expect(rows.map((row) => row.day)).toEqual(['2026-12-03', '2026-12-02', '2026-12-01']);
        expect(rows.map((row) => row.total)).toEqual([0, 2, 2]);
        expect(rows[0].segments).toEqual([]);
        expect(rows[1].segments.map((segment) => segment.label)).toEqual(['Failed: 1', 'Processed: 1']);
        expect(rows[2].segments.map((segment) => segment.label)).toEqual(['Processed: 2']);
    });

    it('sizes bars against the busiest day, so a drop shows', () => {
        const rows = chartRows(CHART, CHART.byStatus);

        expect(rows[2].segments[0].style).toContain('width: 100.00%');
        expect(rows[1].segments[0].style).toContain('width: 50.00%');
    });

    it('gives a series the same colour in the bars and in the legend', () => {
        const rows = chartRows(CHART, CHART.byStatus);
        const items = legend(CHART.byStatus);

        const processedColour = items.find((item) => item.label === 'Processed').style.match(/background: ([^;]+);/)[1];
        expect(rows[2].segments[0].style).toContain(`background: ${processedColour};`);
        expect(items.map((item) => `${item.label} ${item.total}`)).toEqual(['Failed 1', 'Processed 3']);
    });

    it('draws no bar when nothing arrived', () => {
        const rows = chartRows({ days: ['2026-12-01'] }, []);

        expect(rows).toEqual([{ day: '2026-12-01', total: 0, segments: [] }]);
    });
});
