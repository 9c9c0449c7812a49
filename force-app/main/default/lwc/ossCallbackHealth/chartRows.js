/**
 * Turns the controller's chart (days, and series of counts per day) into the rows the template draws:
 * newest day first, each with its total and one segment per non-zero series, sized against the busiest
 * day so that a drop in callbacks shows as shorter bars.
 */
const PALETTE = ['#0176d3', '#2e844a', '#ba0517', '#dd7a01', '#9050e9', '#0b827c', '#747474', '#e3066a'];

/**
 * @param {string[]} labels the series labels, in the controller's order
 * @returns {Map<string, string>} a colour per label, stable while the labels are
 */
export function coloursFor(labels) {
    return new Map(labels.map((label, index) => [label, PALETTE[index % PALETTE.length]]));
}

/**
 * @param {{days: string[]}} chart the controller's chart
 * @param {{label: string, counts: number[]}[]} series one split of it (by status or by event name)
 * @returns {{day: string, total: number, segments: {key: string, label: string, count: number, style: string}[]}[]}
 */
export function chartRows(chart, series) {
    const colours = coloursFor(series.map((one) => one.label));
    const totals = chart.days.map((_day, index) => series.reduce((sum, one) => sum + (one.counts[index] ?? 0), 0));
    const busiest = Math.max(1, ...totals);
    return chart.days
        .map((day, index) => ({
            day,
            total: totals[index],
            segments: series
                .filter((one) => one.counts[index] > 0)
                .map((one) => ({
                    key: `${day}-${one.label}`,
                    label: `${one.label}: ${one.counts[index]}`,
                    count: one.counts[index],
                    style: `width: ${((one.counts[index] / busiest) * 100).toFixed(2)}%; background: ${colours.get(one.label)};`,
                })),
        }))
        .reverse();
}

/**
 * @param {{label: string, total: number}[]} series one split of the chart
 * @returns {{label: string, total: number, style: string}[]} the legend, with each series' colour
 */
export function legend(series) {
    const colours = coloursFor(series.map((one) => one.label));
    return series.map((one) => ({
        label: one.label,
        total: one.total,
        style: `background: ${colours.get(one.label)};`,
    }));
}
