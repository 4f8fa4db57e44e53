import { createHmac, timingSafeEqual } from 'node:crypto';
import { Body, Controller, Get, HttpException, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { DecisionStep, RecordedDecision, VariationView } from '../../../../libs/domain/src/variation';
import { ROLES } from '../../../../libs/domain/src/variation';
import { AuditSink } from '../../../../libs/audit/src/audit';
import { Public } from '../../../../libs/security/src/auth.guard';
import { type DecisionLink, DecisionLinks, LinkExpired } from '../../../../libs/security/src/decision-links';
import { type ActionDefinition, approvalAction, triageAction } from '../../../../workflows/messages';
import { RateLimited } from '../public-rate-limit';
import { OrdersService } from '../orders/orders.service';
import { VariationsService } from '../variations/variations.service';

/** What each step asks, and the answers it allows (R13). */
const STEPS = {
  TRIAGE: {
    title: 'Triage this curfew variation',
    question: 'What is your triage decision?',
    awaiting: 'AWAITING_TRIAGE',
    role: ROLES.spo,
    options: [
      { value: 'ACCEPT', text: 'Accept – send it to the head of the PDU for approval' },
      { value: 'RETURN', text: 'Return it to the practitioner to amend' },
      { value: 'REJECT', text: 'Reject it' },
    ],
  },
  APPROVAL: {
    title: 'Approve this curfew variation',
    question: 'Do you approve this variation?',
    awaiting: 'AWAITING_APPROVAL',
    role: ROLES.pduHead,
    options: [
      {
        value: 'APPROVE',
        text: 'Approve – the Variation Notice goes to the court, the police and the EMS provider',
      },
      { value: 'RETURN', text: 'Return it to the practitioner to amend' },
      { value: 'REJECT', text: 'Refuse it – the person on probation may then apply to the court' },
    ],
  },
} as const;

const DONE: Record<string, string> = {
  ACCEPT: 'accepted it for approval',
  APPROVE: 'approved it',
  RETURN: 'returned it to the practitioner',
  REJECT: 'rejected it',
};

/** What happens after each decision, said on the confirmation page. */
const NEXT: Record<string, string> = {
  ACCEPT: 'The head of the PDU has been asked to approve it.',
  APPROVE: 'The Variation Notice is going to the court, the police and the EMS provider.',
  RETURN: 'The practitioner has been asked to amend it.',
  REJECT: 'The practitioner has been told, and that the person on probation may apply to the court.',
};

/**
 * Decisions by email link (api.md). GET only shows: mail scanners open links, so it records nothing.
 * POST records the decision as the same action the API uses, keyed by the link (api.md), so a retry
 * after a timeout or a 503 answers as the first did; the workflow takes one decision per step and round.
 */
@ApiExcludeController()
@Controller('decisions')
@Public()
@RateLimited()
export class DecisionsController {
  constructor(
    @Inject(DecisionLinks) private readonly links: DecisionLinks,
    private readonly variations: VariationsService,
    private readonly orders: OrdersService,
    private readonly audit: AuditSink,
  ) {}

  @Get(':token')
  async show(@Param('token') token: string, @Res() response: Response): Promise<void> {
    noStore(response);
    const link = await this.openLink(token, response);
    const view = link && (await this.openCase(link, response));
    if (!link || !view) return;
    this.audit.record({
      who: `decision-link:${link.approver.username}`,
      what: 'VIEW',
      variationId: link.variationId,
      why: `decision page (${link.step.toLowerCase()})`,
    });
    this.renderForm(response, 200, link, view, token, {});
  }

  @Post(':token')
  async decide(
    @Param('token') token: string,
    // Undefined when the body is not a form at all: that is refused below like a missing field.
    @Body() body: Record<string, unknown> | undefined,
    @Res() response: Response,
  ): Promise<void> {
    noStore(response);
    const link = await this.openLink(token, response);
    if (!link) return;
    const form = body ?? {};
    if (!this.validCsrf(token, form.csrf)) {
      return outcome(response, 403, 'This form has expired', [
        'Your decision has not been recorded. Open the link in the email again and resubmit the form.',
      ]);
    }
    const decision = text(form.decision);
    const reason = text(form.reason).trim();
    const by = { username: link.approver.username, name: link.approver.name, roles: [STEPS[link.step].role] };
    const request = { decision: decision as never, reason: reason || undefined, by };
    const action = (link.step === 'TRIAGE' ? triageAction : approvalAction) as ActionDefinition<
      typeof request
    >;
    // Keyed by the link and the answer: after a refusal (R6, say) the same link can still return it.
    const key = `decision-link\n${token}\n${decision}\n${reason}`;

    try {
      // This link's own decision sent again (after a timeout or a 503): answered as it was the first time.
      if (!(await this.variations.answered(link.variationId, action, request, key))) {
        const view = await this.openCase(link, response);
        if (!view) return;
        const errors = formErrors(link.step, decision, reason);
        if (errors) return this.renderForm(response, 400, link, view, token, { decision, reason }, errors);
        await this.variations.act(link.variationId, action, request, key);
      }
    } catch (error) {
      // Decided already (by someone else, or by this link with another answer): nothing has changed.
      if (error instanceof HttpException && error.getStatus() === 409) {
        const latest = await this.variations.view(link.variationId);
        return alreadyDecided(response, latest, link);
      }
      // Refused by the variation itself (R6 rechecked at approval, say): the approver reads why.
      if (error instanceof HttpException && error.getStatus() === 422) {
        const { messages } = error.getResponse() as { messages?: string[] };
        return outcome(response, 422, 'Your decision has not been recorded', [
          ...(messages ?? [error.message]),
          'Nothing has been changed.',
        ]);
      }
      throw error;
    }
    this.audit.record({
      who: `decision-link:${link.approver.username}`,
      what: 'DECISION',
      variationId: link.variationId,
      why: `${link.step.toLowerCase()}: ${decision}`,
    });
    outcome(
      response,
      200,
      'Decision recorded',
      [`You ${DONE[decision]}. ${NEXT[decision]}`, 'You can close this page.'],
      `Curfew variation ${reference(link.variationId)}`,
    );
  }

  /** Opens the link, answering 404 or 410 itself when it is not valid. */
  private async openLink(token: string, response: Response): Promise<DecisionLink | undefined> {
    try {
      return await this.links.open(token);
    } catch (error) {
      if (error instanceof LinkExpired) {
        outcome(response, 410, 'This link has expired', [
          'Decision links work for a limited time. Ask the practitioner to send the variation to you again, or decide it in the service.',
        ]);
      } else {
        outcome(response, 404, 'This link is not valid', [
          'Check that you copied the whole link from the email.',
        ]);
      }
      return undefined;
    }
  }

  /** Opens the link's case, answering 404 or 409 itself when it does not allow the link's decision. */
  private async openCase(link: DecisionLink, response: Response): Promise<VariationView | undefined> {
    let view: VariationView;
    try {
      view = await this.variations.view(link.variationId);
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() === 404) {
        outcome(response, 404, 'This link is not valid', ['There is no such curfew variation.']);
        return undefined;
      }
      throw error;
    }
    // The link speaks for its approver, whom nDelius may keep out of this person's case.
    try {
      await this.orders.assertMaySee({ ...link.approver, roles: [], pduCodes: [] }, view.person.crn);
    } catch (error) {
      if (!(error instanceof HttpException && error.getStatus() === 403)) throw error;
      const { message } = error.getResponse() as { message: string };
      outcome(response, 403, 'You cannot see this case', [message]);
      return undefined;
    }
    // Once the step has been decided in this round, no link can decide it again.
    if (view.decisions.length > link.round || view.status !== STEPS[link.step].awaiting) {
      alreadyDecided(response, view, link);
      return undefined;
    }
    return view;
  }

  private renderForm(
    response: Response,
    status: number,
    link: DecisionLink,
    view: VariationView,
    token: string,
    form: { decision?: string; reason?: string },
    errors?: ReturnType<typeof formErrors>,
  ): void {
    const step = STEPS[link.step];
    const checks = view.addressChecks;
    response.status(status).render('decisions/decide', {
      title: step.title,
      question: step.question,
      options: step.options,
      reference: reference(view.id),
      view,
      orderType:
        view.order.type === 'SUSPENDED_SENTENCE_ORDER' ? 'Suspended sentence order' : 'Community order',
      concerns: [checks?.safeguarding?.outcome, checks?.domesticAbuse?.outcome].includes('CONCERNS'),
      // R9: approval waits for the householder's consent to the new address.
      householderRefused:
        link.step === 'APPROVAL' && !!view.change.address && checks?.householder?.consented === false,
      csrf: this.csrfFor(token),
      form,
      errors,
    });
  }

  // The CSRF field is bound to the link: a form posted from anywhere else lacks it.
  private csrfFor(token: string): string {
    return createHmac('sha256', token).update('decision-form').digest('base64url');
  }

  private validCsrf(token: string, given: unknown): boolean {
    if (typeof given !== 'string') return false;
    // Compared as bytes: a non-ASCII character makes the same length in characters a longer buffer.
    const expected = Buffer.from(this.csrfFor(token));
    const actual = Buffer.from(given);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}

function formErrors(step: DecisionStep, decision: string, reason: string) {
  const list: { text: string; href: string }[] = [];
  const errors: { decision?: string; reason?: string; list: typeof list } = { list };
  if (!STEPS[step].options.some((option) => option.value === decision)) {
    errors.decision = 'Select a decision';
    list.push({ text: errors.decision, href: '#decision' });
  } else if ((decision === 'RETURN' || decision === 'REJECT') && !reason) {
    errors.reason = `Enter a reason: the practitioner needs it to ${decision === 'RETURN' ? 'amend the variation' : 'explain the refusal'}`;
    list.push({ text: errors.reason, href: '#reason' });
  }
  if (reason.length > 2000) {
    errors.reason = 'Reason must be 2,000 characters or fewer';
    list.push({ text: errors.reason, href: '#reason' });
  }
  return list.length ? errors : undefined;
}

function alreadyDecided(response: Response, view: VariationView, link: DecisionLink): void {
  const decision: RecordedDecision | undefined = view.decisions
    .slice(link.round)
    .find((d) => d.step === link.step);
  outcome(
    response,
    409,
    'This has already been decided',
    decision
      ? [
          `${decision.by} ${DONE[decision.decision]} on ${formatTime(decision.at)}.`,
          'Nothing has been changed.',
        ]
      : [
          `The variation is no longer waiting for this decision (it is ${view.status.toLowerCase().replace(/_/g, ' ')}).`,
        ],
  );
}

function outcome(
  response: Response,
  status: number,
  title: string,
  paragraphs: string[],
  panel?: string,
): void {
  response.status(status).render('decisions/outcome', { title, paragraphs, panel });
}

function noStore(response: Response): void {
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Referrer-Policy', 'no-referrer');
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const reference = (id: string) => id.slice(0, 8);
const formatTime = (at: string) =>
  new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/London',
  }).format(new Date(at));
