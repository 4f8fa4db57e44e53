import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
// The Variation Notice (R14): a PDF for the sentencing court and the police, sent with a short email.
// The person's details go only in the attachment; the email subject and body carry the reference.
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { formatDate, ukDateOf, ukToday } from '../../domain/src/dates';
import { DAYS, type Address, type CurfewPeriod } from '../../domain/src/types';
import type { NoticeContent } from '../../domain/src/variation';
import { renderEmail, type RenderedEmail } from './email-layout';

export type NoticeKind = 'VARIATION' | 'WITHDRAWAL';

const TITLES: Record<NoticeKind, string> = {
  VARIATION: 'Variation Notice',
  WITHDRAWAL: 'Withdrawal of Variation Notice',
};

const ORDER_TYPES: Record<string, string> = {
  COMMUNITY_ORDER: 'Community order',
  SUSPENDED_SENTENCE_ORDER: 'Suspended sentence order',
};

const ADMINISTRATIVE_POWER =
  'Sentencing Code Schedule 9 paragraph 10A (inserted by the Police, Crime, Sentencing and Courts Act 2022, section 151)';

// DejaVu Sans, embedded: names on a legal notice must come out right in any alphabet (Łukasz, Şükrü,
// Дмитрий), which the PDF standard fonts cannot do.
const FONTS = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
// Parsed once per process, not once per notice: reading and parsing the fonts was most of the cost
// of a notice (issue 8). pdfkit subsets what each document uses, so one parsed font serves them all.
const REGULAR = loadFont(join(FONTS, 'DejaVuSans.ttf'));
const BOLD = loadFont(join(FONTS, 'DejaVuSans-Bold.ttf'));

function loadFont(path: string): PDFKit.Mixins.PDFFontSource {
  return fontkit.create(readFileSync(path)) as unknown as PDFKit.Mixins.PDFFontSource;
}

/** The notice as a PDF, with its font embedded. */
export function renderNoticePdf(view: NoticeContent, kind: NoticeKind, reference: string): Promise<Buffer> {
  const doc = new PDFDocument({
    // No standard font: pdfkit would load Helvetica's metrics for every document, and we never use it.
    font: null as unknown as string,
    size: 'A4',
    margin: 56,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: `${TITLES[kind]} ${reference}`, Author: 'Probation Service' },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  // Registered by name: a font given as an object is opened and compared afresh on every switch.
  doc.registerFont('Regular', REGULAR).registerFont('Bold', BOLD);
  const heading = (text: string) => doc.moveDown(0.8).font('Bold').fontSize(13).text(text);
  const line = (text: string) => doc.font('Regular').fontSize(11).text(text);
  const { person, order, curfew, change } = view;

  doc.font('Bold').fontSize(20).text(TITLES[kind]);
  line(`Reference: ${reference}`);
  line(`Date: ${formatDate(ukToday(new Date()))}`);
  doc.moveDown(0.5);
  for (const paragraph of purpose(view, kind)) line(paragraph).moveDown(0.3);

  heading('Person on probation');
  line(`Name: ${person.firstName} ${person.lastName}`);
  line(`CRN: ${person.crn}`);
  line(`Date of birth: ${formatDate(person.dateOfBirth)}`);

  heading('Order');
  line(`Type: ${ORDER_TYPES[order.type] ?? order.type}`);
  if (order.eventNumber) line(`nDelius event number: ${order.eventNumber}`);
  line(`Date of conviction: ${formatDate(order.convictionDate)}`);
  line(`Date of sentence: ${formatDate(order.sentenceDate)}`);
  line(`Sentencing court: ${order.sentencingCourt.name} (${order.sentencingCourt.code})`);

  heading('Curfew requirement as it was');
  line(`Address: ${formatAddress(curfew.address)}`);
  scheduleLines(curfew.periods).forEach(line);
  line(`In force: ${formatDate(curfew.startDate)} to ${formatDate(curfew.endDate)}`);

  heading(kind === 'VARIATION' ? 'Curfew requirement as varied' : 'The variation now withdrawn');
  line(`Effective date: ${formatDate(change.effectiveFrom)}`);
  line(`Address: ${formatAddress(change.address ?? curfew.address)}${change.address ? '' : ' (unchanged)'}`);
  scheduleLines(change.periods ?? curfew.periods).forEach(line);
  if (!change.periods) line('Curfew times unchanged.');
  line(`Electronically monitored: ${curfew.electronicallyMonitored ? 'Yes' : 'No'}`);
  line('Times are UK local time. A period that ends earlier than it starts ends the next morning.');

  heading('Decision');
  line(decidedBy(view));

  heading('Contact');
  line(`Responsible officer: ${view.practitioner.name}, ${view.practitioner.email}`);
  line(`Probation delivery unit: ${view.practitioner.pduCode}`);

  doc.end();
  return done;
}

/** The covering email: what is attached and why, with no personal data (R17: minimum data). */
export function renderNoticeEmail(
  view: NoticeContent,
  kind: NoticeKind,
  reference: string,
  recipientName: string,
): RenderedEmail {
  const withdrawal = kind === 'WITHDRAWAL';
  return renderEmail({
    subject: `${TITLES[kind]} ${reference}`,
    heading: TITLES[kind],
    recipientName,
    paragraphs: [
      withdrawal
        ? 'The attached notice withdraws an earlier Variation Notice. The variation it described will not take effect, and the curfew requirement continues as it was.'
        : `The curfew requirement of a ${(ORDER_TYPES[view.order.type] ?? 'community sentence').toLowerCase()} has been varied. The attached notice sets out the order, the curfew as it was and as varied, and the date the variation takes effect.`,
      'The notice is attached as a PDF. It names the person on probation, so keep it secure.',
    ],
    details: [
      ['Reference', reference],
      ['Effective date', formatDate(view.change.effectiveFrom)],
      ['Responsible officer', `${view.practitioner.name}, ${view.practitioner.email}`],
    ],
    nextSteps: [
      'Keep the notice with your records for this order. You do not need to reply.',
      'If you have a question, contact the responsible officer and quote the reference.',
    ],
  });
}

function purpose(view: NoticeContent, kind: NoticeKind): string[] {
  const basis =
    view.route === 'COURT'
      ? 'The court has varied the curfew requirement of the order below.'
      : `The Probation Service has varied the curfew requirement of the order below under ${ADMINISTRATIVE_POWER}.`;
  if (kind === 'VARIATION') return [basis];
  return [
    basis,
    'That variation has been withdrawn: it will not take effect, and the curfew requirement continues as it was. This notice replaces the earlier Variation Notice.',
  ];
}

function decidedBy(view: NoticeContent): string {
  const court = view.court?.decision;
  if (view.route === 'COURT' && court) return `Varied by the court on ${formatWhen(court.decidedAt)}.`;
  const approval = view.decisions.findLast((d) => d.step === 'APPROVAL' && d.decision === 'APPROVE');
  if (!approval) return 'Not yet approved.';
  return `Approved by ${approval.by} on ${formatWhen(approval.at)}.`;
}

/** A timestamp as its UK date, "22 May 2024"; anything unreadable as it is. */
function formatWhen(value: string): string {
  const date = ukDateOf(value);
  return date ? formatDate(date) : value;
}

/** One line per period, Monday first: "Monday 19:00 to 07:00". A day without a period says so. */
export function scheduleLines(periods: CurfewPeriod[]): string[] {
  return DAYS.flatMap((day) => {
    const name = day.charAt(0) + day.slice(1).toLowerCase();
    const today = periods.filter((p) => p.day === day).sort((a, b) => a.start.localeCompare(b.start));
    return today.length === 0 ? [`${name} no curfew`] : today.map((p) => `${name} ${p.start} to ${p.end}`);
  });
}

function formatAddress(a: Address): string {
  return [a.line1, a.line2, a.town, a.postcode].filter(Boolean).join(', ');
}
