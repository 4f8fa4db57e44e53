import type { VariationView } from '../../domain/src/variation';
import { approvedView } from '../../../test/support/views';
import { pdfText } from '../../../test/support/pdf-text';
import { renderNoticeEmail, renderNoticePdf, scheduleLines } from './variation-notice';

/** Paragraphs wrap where the page ends them: read them as one line. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

/** The text between two headings of the notice. */
function section(text: string, from: string, to: string): string {
  return text.slice(text.indexOf(from), text.indexOf(to));
}

describe('the Variation Notice PDF (R14)', () => {
  let text: string;
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = await renderNoticePdf(approvedView(), 'VARIATION', 'VN-0123456789ABCDEF');
    text = pdfText(pdf);
  });

  it('is a PDF', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('has its title, reference and legal basis', () => {
    expect(text.startsWith('Variation Notice\nReference: VN-0123456789ABCDEF\nDate: ')).toBe(true);
    expect(flat(text)).toContain(
      'varied the curfew requirement of the order below under Sentencing Code Schedule 9 paragraph 10A (inserted by the Police, Crime, Sentencing and Courts Act 2022, section 151).',
    );
  });

  it('names the person and the order', () => {
    expect(text).toContain('Name: Sam Jones\nCRN: X123456\nDate of birth: 1 April 1990');
    expect(text).toContain('Type: Community order\nnDelius event number: 2');
    expect(text).toContain('Date of conviction: 10 January 2024\nDate of sentence: 1 February 2024');
    expect(text).toContain("Sentencing court: Example Magistrates' Court (B01LY)");
  });

  it('sets the curfew as it was beside the curfew as varied, from the effective date', () => {
    const was = section(text, 'Curfew requirement as it was', 'Curfew requirement as varied');
    expect(was).toContain('Address: 1 High Street, Leeds, LS1 1AA');
    expect(was).toContain('Monday 19:00 to 07:00\nTuesday 19:00 to 07:00\nWednesday no curfew');
    expect(was).toContain('In force: 1 February 2024 to 31 January 2025');

    const varied = section(text, 'Curfew requirement as varied', 'Decision');
    expect(varied).toContain('Effective date: 1 June 2024');
    expect(varied).toContain('Address: 2 Park Road, Leeds, LS2 2BB');
    expect(varied).toContain('Monday 23:00 to 11:00\nTuesday 19:00 to 07:00\nWednesday no curfew');
    expect(varied).not.toContain('Monday 19:00');
    expect(varied).toContain('Electronically monitored: Yes');
  });

  it('says who approved it and when, and whom to contact', () => {
    expect(text).toContain('Approved by pat.head on 22 May 2024.');
    expect(text).toContain('Responsible officer: Alex Smith, alex.smith@probation.example');
    expect(text).toContain('Probation delivery unit: N07CEN');
  });
});

describe('other notices', () => {
  it('writes names in any alphabet as they are', async () => {
    const view = approvedView();
    view.person.firstName = 'Łukasz Şükrü';
    view.person.lastName = 'Дмитриев-Wójcik';
    const text = pdfText(await renderNoticePdf(view, 'VARIATION', 'VN-3'));
    expect(text).toContain('Łukasz Şükrü Дмитриев-Wójcik');
  });

  it('marks what did not change', async () => {
    const view = approvedView();
    delete view.change.periods;
    const text = pdfText(await renderNoticePdf(view, 'VARIATION', 'VN-1'));
    const varied = section(text, 'Curfew requirement as varied', 'Decision');
    expect(varied).toContain('Monday 19:00 to 07:00');
    expect(varied).toContain('Curfew times unchanged.');
  });

  it('withdraws a notice', async () => {
    const text = pdfText(await renderNoticePdf(approvedView(), 'WITHDRAWAL', 'VN-2'));
    expect(text.startsWith('Withdrawal of Variation Notice\nReference: VN-2')).toBe(true);
    expect(flat(text)).toContain('That variation has been withdrawn: it will not take effect');
  });

  it('on the court route, says the court varied it', async () => {
    const view: VariationView = {
      ...approvedView(),
      route: 'COURT',
      decisions: [],
      court: {
        lodgedAt: '2024-05-01',
        hearingDate: '2024-05-20',
        decision: { decision: 'GRANTED', decidedAt: '2024-05-20T14:00:00Z', by: 'alex.smith' },
      },
    };
    const text = pdfText(await renderNoticePdf(view, 'VARIATION', 'VN-3'));
    expect(flat(text)).toContain('The court has varied the curfew requirement');
    expect(text).toContain('Varied by the court on 20 May 2024.');
    expect(flat(text)).not.toContain('paragraph 10A');
  });
});

describe('the schedule', () => {
  it('reads one line per period, Monday first, earlier periods first', () => {
    expect(
      scheduleLines([
        { day: 'SUNDAY', start: '20:00', end: '06:00' },
        { day: 'SATURDAY', start: '19:00', end: '23:00' },
        { day: 'SATURDAY', start: '07:00', end: '09:00' },
      ]),
    ).toEqual([
      'Monday no curfew',
      'Tuesday no curfew',
      'Wednesday no curfew',
      'Thursday no curfew',
      'Friday no curfew',
      'Saturday 07:00 to 09:00',
      'Saturday 19:00 to 23:00',
      'Sunday 20:00 to 06:00',
    ]);
  });
});

describe('the covering email', () => {
  const view = approvedView();
  const email = renderNoticeEmail(view, 'VARIATION', 'VN-0123456789ABCDEF', "Example Magistrates' Court");

  it('has the reference as its subject and says the notice is attached', () => {
    expect(email.subject).toBe('Variation Notice VN-0123456789ABCDEF');
    expect(email.text).toContain("Dear Example Magistrates' Court,");
    expect(email.text).toContain('The notice is attached as a PDF.');
    expect(email.text).toContain('Effective date: 1 June 2024');
    expect(email.html).toContain('<html lang="en">');
  });

  it('keeps the personal data in the attachment (R17)', () => {
    for (const part of [email.subject, email.text, email.html]) {
      for (const personal of ['Sam', 'Jones', 'X123456', 'High Street', 'Park Road', 'LS2 2BB', '1990']) {
        expect(part).not.toContain(personal);
      }
    }
  });

  it('titles a withdrawal as one', () => {
    expect(renderNoticeEmail(view, 'WITHDRAWAL', 'VN-2', 'West Yorkshire Police').subject).toBe(
      'Withdrawal of Variation Notice VN-2',
    );
  });
});
