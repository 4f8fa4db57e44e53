import { STATUSES, VISIT_OUTCOMES } from '../../../../../libs/domain/src/variation';
import type { MiSummary } from '../../../../../libs/record/src/management-information';
import { plainCode, STATUS_LABELS, statusLabel } from '../labels';
import { barChart, type Series } from './bar-chart';

const STEP_LABELS: Record<string, string> = {
  TRIAGE: 'Triage',
  APPROVAL: 'Approval',
  EMS_CONFIRMATION: 'EMS confirmation',
  EMS_VISIT: 'EMS visit',
  POP_INFORMED: 'Telling the person',
  COURT_APPLICATION: 'Court application',
  COURT_DECISION: 'Court decision',
  SUBMISSION_TO_COMPLETION: 'Submission to completion',
};

const MEDIAN: Series = { name: 'Median', colour: '#1d70b8' };
const P90: Series = { name: '90th percentile', colour: '#912b88' };

/** The dashboard's charts; each table beside them holds the same numbers. */
export function dashboardCharts(summary: MiSummary) {
  const present = STATUSES.filter((status) => summary.pdus.some((pdu) => pdu.byStatus[status]));
  const byStatus = present.map((status) => ({
    label: STATUS_LABELS[status],
    values: [summary.pdus.reduce((sum, pdu) => sum + (pdu.byStatus[status] ?? 0), 0)],
  }));
  const overdue = new Map<string, number>();
  for (const o of summary.overdue) overdue.set(o.status, (overdue.get(o.status) ?? 0) + o.count);
  return {
    stepLabels: STEP_LABELS,
    statusByPdu: present.map((status) => ({
      label: STATUS_LABELS[status],
      counts: summary.pdus.map((pdu) => pdu.byStatus[status] ?? 0),
    })),
    status: barChart(
      'status-chart',
      'Variations by status',
      'How many variations are in each status now, across the PDUs shown.',
      byStatus,
    ),
    steps: barChart(
      'steps-chart',
      'Working days each step took',
      'For each step, the median and the 90th percentile of the working days it took.',
      summary.steps
        .filter((s) => s.count > 0)
        .map((s) => ({
          label: STEP_LABELS[s.step],
          values: [s.medianWorkingDays ?? 0, s.p90WorkingDays ?? 0],
        })),
      [MEDIAN, P90],
    ),
    overdue: barChart(
      'overdue-chart',
      'Steps past their due date',
      'How many variations wait in each step past its due date.',
      [...overdue].map(([status, count]) => ({ label: statusLabel(status), values: [count] })),
    ),
    months: barChart(
      'months-chart',
      'Variations submitted each month',
      'How many variations were submitted in each month: use of the power over time.',
      summary.months.map(({ month, submitted }) => ({ label: monthLabel(month), values: [submitted] })),
    ),
    visits: barChart(
      'visits-chart',
      'EMS visit outcomes',
      'How the EMS provider’s visits to new addresses ended.',
      VISIT_OUTCOMES.map((outcome) => ({
        label: plainCode(outcome),
        values: [summary.emsVisitOutcomes[outcome]],
      })),
    ),
  };
}

/** "2026-11" as "Nov 2026". */
function monthLabel(month: string): string {
  const [year, number] = month.split('-').map(Number);
  return `${new Date(Date.UTC(year, number - 1, 1)).toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })} ${year}`;
}

/** The summary as CSV, one figure a line: what, PDU, which, value. */
export function summaryCsv(summary: MiSummary): string {
  const lines = [['measure', 'pdu', 'item', 'value']];
  for (const pdu of summary.pdus) {
    for (const [status, count] of Object.entries(pdu.byStatus))
      lines.push(['variations by status', pdu.pduCode, status, String(count)]);
    for (const [route, count] of Object.entries(pdu.byRoute))
      lines.push(['variations by route', pdu.pduCode, route, String(count)]);
  }
  for (const step of summary.steps) {
    lines.push(['times step completed', '', step.step, String(step.count)]);
    lines.push([
      'median working days',
      '',
      step.step,
      step.medianWorkingDays === null ? '' : String(step.medianWorkingDays),
    ]);
    lines.push([
      '90th percentile working days',
      '',
      step.step,
      step.p90WorkingDays === null ? '' : String(step.p90WorkingDays),
    ]);
  }
  for (const o of summary.overdue) lines.push(['overdue steps', o.pduCode, o.status, String(o.count)]);
  for (const [outcome, count] of Object.entries(summary.emsVisitOutcomes))
    lines.push(['EMS visit outcomes', '', outcome, String(count)]);
  for (const { month, submitted } of summary.months)
    lines.push(['variations submitted', '', month, String(submitted)]);
  // Every field is a code, a number or empty: nothing to quote.
  return `${lines.map((line) => line.join(',')).join('\r\n')}\r\n`;
}
