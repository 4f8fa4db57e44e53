// One layout for every email: the plain text and the HTML are made from the same content, so they
// always say the same thing. HTML is simple and inline-styled (mail clients drop stylesheets), GOV.UK-like.

export interface EmailContent {
  subject: string;
  heading: string;
  recipientName: string;
  /** What happened, one short paragraph each. */
  paragraphs: string[];
  /** Labelled details such as the case reference; may hold the minimum personal data the reader needs. */
  details: [label: string, value: string][];
  /** What the reader needs to do, and by when. */
  nextSteps: string[];
  link?: { href: string; text: string };
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const FOOTER = 'This email was sent by the curfew variations service, Probation Service. Do not reply to it.';

export function renderEmail(c: EmailContent): RenderedEmail {
  return { subject: c.subject, text: asText(c), html: asHtml(c) };
}

function asText(c: EmailContent): string {
  const blocks = [
    c.heading,
    `Dear ${c.recipientName},`,
    ...c.paragraphs,
    c.details.map(([label, value]) => `${label}: ${value}`).join('\n'),
    c.nextSteps.length > 0 ? ['What you need to do', ...c.nextSteps].join('\n\n') : '',
    c.link ? `${c.link.text}:\n${c.link.href}` : '',
    FOOTER,
  ];
  return `${blocks.filter((b) => b !== '').join('\n\n')}\n`;
}

const TEXT = 'margin:0 0 15px 0;font-size:19px;line-height:1.32;';

function asHtml(c: EmailContent): string {
  const p = (text: string) => `<p style="${TEXT}">${escapeHtml(text)}</p>`;
  const details = c.details.length
    ? `<ul style="${TEXT}padding:0;list-style:none;">${c.details
        .map(([label, value]) => `<li><strong>${escapeHtml(label)}:</strong> ${escapeHtml(value)}</li>`)
        .join('')}</ul>`
    : '';
  const next = c.nextSteps.length
    ? `<h2 style="margin:30px 0 15px 0;font-size:24px;">What you need to do</h2>${c.nextSteps.map(p).join('')}`
    : '';
  const link = c.link
    ? `<p style="${TEXT}"><a href="${escapeHtml(c.link.href)}" style="color:#1d70b8;">${escapeHtml(c.link.text)}</a></p>`
    : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(c.subject)}</title></head>`,
    '<body style="margin:0;padding:20px;background:#ffffff;color:#0b0c0c;font-family:Arial,sans-serif;">',
    `<h1 style="margin:0 0 20px 0;font-size:32px;line-height:1.1;">${escapeHtml(c.heading)}</h1>`,
    p(`Dear ${c.recipientName},`),
    ...c.paragraphs.map(p),
    details,
    next,
    link,
    `<p style="margin:30px 0 0 0;font-size:16px;color:#505a5f;">${escapeHtml(FOOTER)}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
