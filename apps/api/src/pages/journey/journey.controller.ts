import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  UnprocessableEntityException,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { FieldError } from '../../../../../libs/contracts/src/validation-errors';
import { strictValidation } from '../../../../../libs/contracts/src/validation-errors';
import { OrderSubmissionDto } from '../../../../../libs/contracts/src/variation-request.dto';
import type { RuleOutcome } from '../../../../../libs/domain/src/rules';
import { DAYS } from '../../../../../libs/domain/src/types';
import { ROLES, type Route } from '../../../../../libs/domain/src/variation';
import type { ReferenceData } from '../../../../../libs/notifications/src/reference-data';
import { CurrentUser, Page, Roles } from '../../../../../libs/security/src/auth.guard';
import type { StaffUser } from '../../../../../libs/security/src/staff-user';
import { StaffCases } from '../cases/staff-cases.service';
import { FormErrors, formOf, withoutRuleNumbers } from '../forms/form-errors';
import { PageErrorsFilter } from '../page-errors.filter';
import { REFERENCE_DATA } from '../page-providers';
import { JourneyAnswersSession, type JourneyAnswers } from './journey-answers';
import {
  allAnswered,
  nextPage,
  pageOfRuleMessage,
  previousPage,
  requestFrom,
  STEPS,
  stepOf,
} from './journey-steps';

/** "Vary a curfew": the practitioner's application, a question a page, then POST /variations. */
@ApiExcludeController()
@Controller('vary')
@Page()
@Roles(ROLES.practitioner)
@UseFilters(PageErrorsFilter)
export class JourneyController {
  constructor(
    private readonly answers: JourneyAnswersSession,
    private readonly cases: StaffCases,
    @Inject(REFERENCE_DATA) private readonly referenceData: ReferenceData,
  ) {}

  @Get()
  async start(@Req() request: Request, @Res() response: Response): Promise<void> {
    const answers = await this.answers.read(request);
    response.render('journey/start', {
      title: 'Vary a curfew',
      inProgress: !!answers.person,
      resume: nextPage(STEPS[0], answers),
    });
  }

  @Post('start')
  async startAgain(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.answers.clear(request);
    response.redirect(303, `/vary/${STEPS[0].slug}`);
  }

  @Get('check-answers')
  async checkAnswers(@Req() request: Request, @Res() response: Response): Promise<void> {
    const answers = await this.answers.read(request);
    if (!allAnswered(answers)) return response.redirect(303, nextPage(STEPS[0], answers));
    this.renderCheckAnswers(response, 200, answers);
  }

  @Post('check-answers')
  async submit(
    @Req() request: Request,
    @CurrentUser() user: StaffUser,
    @Res() response: Response,
  ): Promise<void> {
    await this.submitRoute('ADMINISTRATIVE', request, user, response);
  }

  /** After the administrative route's "only a court can do this": the same answers, as a court application. */
  @Post('court-route')
  async submitToCourt(
    @Req() request: Request,
    @CurrentUser() user: StaffUser,
    @Res() response: Response,
  ): Promise<void> {
    await this.submitRoute('COURT', request, user, response);
  }

  @Get(':step')
  async show(@Param('step') slug: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const step = this.step(slug);
    const answers = await this.answers.read(request);
    this.renderStep(response, 200, slug, answers, step.fields(answers));
  }

  @Post(':step')
  async save(
    @Param('step') slug: string,
    @Body() body: unknown,
    @Req() request: Request,
    @CurrentUser() user: StaffUser,
    @Res() response: Response,
  ): Promise<void> {
    const step = this.step(slug);
    const form = formOf(body);
    const errors = new FormErrors();
    const answers = await this.answers.read(request);
    const given = await step.read(form, errors, {
      referenceData: this.referenceData,
      answers,
      lookup: this.cases.lookupFor(user),
    });
    if (errors.any) return this.renderStep(response, 400, slug, answers, form, errors);
    const updated = { ...answers, ...given };
    await this.answers.write(request, updated);
    response.redirect(303, nextPage(step, updated));
  }

  private step(slug: string) {
    const step = stepOf(slug);
    if (!step) throw new NotFoundException();
    return step;
  }

  private async submitRoute(
    route: Route,
    request: Request,
    user: StaffUser,
    response: Response,
  ): Promise<void> {
    const answers = await this.answers.read(request);
    if (!allAnswered(answers)) return response.redirect(303, nextPage(STEPS[0], answers));
    const body = requestFrom(answers, user);
    const key = route === 'COURT' ? `${answers.key}-court` : answers.key;
    try {
      // The API's own validation of the body, so the pages can send nothing the API would refuse.
      await strictValidation().transform(body, { type: 'body', metatype: OrderSubmissionDto });
      const view = await this.cases.submit(user, route, body, key);
      await this.answers.clear(request);
      response.redirect(303, `/cases/${view.id}/submitted`);
    } catch (error) {
      // R18: another variation of the order was opened since the order was chosen.
      if (error instanceof ConflictException) {
        const { variationId } = error.getResponse() as { variationId?: string };
        const errors = new FormErrors();
        errors.list.push({
          text: 'A variation of this order is already open: only one can be open at a time. View it',
          href: variationId ? `/cases/${variationId}` : '/cases',
        });
        return this.renderCheckAnswers(response, 409, answers, errors);
      }
      if (error instanceof UnprocessableEntityException) {
        const refusal = error.getResponse() as RuleOutcome | { error: string; messages: string[] };
        if (route === 'ADMINISTRATIVE' && refusal.error === 'COURT_ROUTE_REQUIRED') {
          return response.status(422).render('journey/court-route', {
            title: 'Only a court can make this change',
            reasons: refusal.messages.map((m) =>
              withoutRuleNumbers(m).replace(/ Apply to the court instead\.$/, ''),
            ),
            backLink: '/vary/check-answers',
          });
        }
        const errors = new FormErrors();
        for (const message of refusal.messages)
          errors.list.push({ text: withoutRuleNumbers(message), href: pageOfRuleMessage(message) });
        return this.renderCheckAnswers(response, 422, answers, errors);
      }
      if (error instanceof BadRequestException) {
        const errors = new FormErrors();
        for (const field of (error.getResponse() as { fields: FieldError[] }).fields) {
          errors.list.push({
            text: `Check your answer: ${field.messages.join(', ')}`,
            href: '/vary/check-answers',
          });
        }
        return this.renderCheckAnswers(response, 400, answers, errors);
      }
      throw error;
    }
  }

  private renderStep(
    response: Response,
    status: number,
    slug: string,
    answers: JourneyAnswers,
    form: Record<string, string>,
    errors?: FormErrors,
  ): void {
    const step = this.step(slug);
    response.status(status).render(`journey/${slug}`, {
      title: step.title,
      form,
      errors,
      answers,
      days: DAYS.map((day) => day.toLowerCase()),
      courts: Object.entries(this.referenceData.courts).map(([code, court]) => ({
        value: code,
        text: court.name,
      })),
      backLink: previousPage(step, answers),
    });
  }

  private renderCheckAnswers(
    response: Response,
    status: number,
    answers: JourneyAnswers,
    errors?: FormErrors,
  ): void {
    response.status(status).render('journey/check-answers', {
      title: 'Check your answers before applying',
      answers,
      errors,
      backLink: `/vary/${STEPS.filter((step) => step.applies(answers)).pop()!.slug}`,
    });
  }
}
