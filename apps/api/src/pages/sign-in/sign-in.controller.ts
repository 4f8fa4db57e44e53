import { randomBytes } from 'node:crypto';
import {
  BadRequestException,
  ForbiddenException,
  Body,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ConfigService } from '@nestjs/config';
import type { Request, Response } from 'express';
import { ROLES } from '../../../../../libs/domain/src/variation';
import type { ReferenceData } from '../../../../../libs/notifications/src/reference-data';
import { Page, Public } from '../../../../../libs/security/src/auth.guard';
import { PageSessions } from '../../../../../libs/security/src/page-session';
import type { StaffUser } from '../../../../../libs/security/src/staff-user';
import { localToken } from '../../../../../scripts/token';
import type { ApiSettings } from '../../api-settings';
import { readChoice } from '../forms/fields';
import { type Form, FormErrors, formOf } from '../forms/form-errors';
import { RateLimited } from '../../public-rate-limit';
import { PageErrorsFilter } from '../page-errors.filter';
import { HMPPS_AUTH, REFERENCE_DATA } from '../page-providers';
import type { HmppsAuth } from './hmpps-auth';

/** The local sign-in's roles, as `npm run token -- --role` names them. */
const LOCAL_ROLES = [
  { value: 'practitioner', text: 'Probation practitioner' },
  { value: 'spo', text: 'Senior probation officer (SPO)' },
  { value: 'pdu-head', text: 'Head of the probation delivery unit' },
  { value: 'em-lead', text: 'Electronic monitoring lead' },
  { value: 'admin', text: 'Administrator' },
];

/** Where each role starts. */
const HOME: [string, string][] = [
  [ROLES.practitioner, '/cases'],
  [ROLES.spo, '/waiting'],
  [ROLES.pduHead, '/waiting'],
  [ROLES.emLead, '/dashboard'],
  [ROLES.admin, '/dashboard'],
];

/**
 * Signing in to the pages. In production, OAuth2 authorization code at HMPPS Auth (when AUTH_AUTHORIZE_URL
 * and the other AUTH_* settings are set); locally, a page that picks a role and a PDU and mints a local
 * token, as `npm run token` does. Either way the session holds a token the API's TokenVerifier accepts.
 */
@ApiExcludeController()
@Controller()
@Page()
@Public()
@UseFilters(PageErrorsFilter)
export class SignInController {
  constructor(
    private readonly sessions: PageSessions,
    private readonly config: ConfigService<ApiSettings, true>,
    @Inject(REFERENCE_DATA) private readonly referenceData: ReferenceData,
    @Inject(HMPPS_AUTH) private readonly hmppsAuth: HmppsAuth | null,
  ) {}

  @Get()
  home(@Req() request: Request & { user?: StaffUser }, @Res() response: Response): void {
    const roles = request.user?.roles ?? [];
    const home = HOME.find(([role]) => roles.includes(role));
    if (home) return response.redirect(303, home[1]);
    // Signed in, but with no role here: say so. Sending them to sign in again would, with HMPPS Auth,
    // sign them straight back in, and round again, for ever.
    if (request.user) throw new ForbiddenException();
    response.redirect(303, '/sign-in');
  }

  @Get('sign-in')
  async signIn(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (this.hmppsAuth) {
      const state = randomBytes(18).toString('base64url');
      await this.sessions.start(request, { oauthState: state });
      return response.redirect(303, this.hmppsAuth.authorizeUrl(state));
    }
    if (!this.localSecret()) {
      return response.status(503).render('pages/error', {
        title: 'Sign-in is not set up',
        paragraphs: [
          'This service has no way to sign in yet. Its operators need to set it up to sign in with HMPPS Auth.',
        ],
      });
    }
    const session = await this.sessions.open(request);
    response.locals.csrf = this.sessions.csrfToken(session);
    this.renderLocal(response, 200, {});
  }

  @Post('sign-in')
  // Unauthenticated, so limited per address like the other public routes (issue 6).
  @RateLimited()
  async signInLocally(
    @Body() body: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const secret = this.localSecret();
    if (!secret) throw new NotFoundException();
    const form = formOf(body);
    const errors = new FormErrors();
    const role = readChoice(
      form,
      'role',
      LOCAL_ROLES.map((r) => r.value),
      errors,
      'Select your role',
    );
    const pdu = readChoice(
      form,
      'pdu',
      Object.keys(this.referenceData.pdus),
      errors,
      'Select your probation delivery unit',
    );
    if (!role || !pdu) return this.renderLocal(response, 400, form, errors);
    const token = await localToken(secret, { role, pdu, ...this.localIdentity(role, pdu) });
    await this.startSession(request, response, token);
  }

  @Get('sign-in/callback')
  @RateLimited()
  async callback(
    @Query('code') code: unknown,
    @Query('state') state: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (!this.hmppsAuth) throw new NotFoundException();
    const session = await this.sessions.read(request);
    if (typeof code !== 'string' || !session?.oauthState || state !== session.oauthState) {
      throw new BadRequestException('The sign-in did not come back from HMPPS Auth as expected');
    }
    // The AuthGuard verifies the token on every page request, with the API's TokenVerifier.
    await this.startSession(request, response, await this.hmppsAuth.exchange(code));
  }

  @Post('sign-out')
  async signOut(@Req() request: Request, @Res() response: Response): Promise<void> {
    // The session and the journey's answers in it end on the server.
    await this.sessions.end(request, response);
    response.locals.user = undefined;
    response.status(200).render('pages/signed-out', { title: 'You have signed out' });
  }

  /**
   * The secret the local sign-in mints tokens with, when it is on: only if LOCAL_SIGN_IN asks for it,
   * and never beside HMPPS Auth, where nobody may pick their own role.
   */
  private localSecret(): string | null {
    if (this.hmppsAuth || !this.config.get('LOCAL_SIGN_IN', { infer: true })) return null;
    return this.config.get('AUTH_JWT_SECRET', { infer: true }) ?? null;
  }

  /** A new session id on sign-in, so a session planted before it is worth nothing after. */
  private async startSession(request: Request, response: Response, token: string): Promise<void> {
    await this.sessions.start(request, { token });
    response.redirect(303, '/');
  }

  /** Local users are the PDU's own approvers and EM Lead from the reference data, so emails match. */
  private localIdentity(role: string, pdu: string): { user: string; name: string } {
    const { pdus, emLead } = this.referenceData;
    const named = { spo: pdus[pdu].spo, 'pdu-head': pdus[pdu].pduHead, 'em-lead': emLead }[role];
    if (named) return { user: named.username, name: named.name };
    return role === 'practitioner'
      ? { user: 'alex.smith', name: 'Alex Smith' }
      : { user: 'local.admin', name: 'Local Admin' };
  }

  private renderLocal(response: Response, status: number, form: Form, errors?: FormErrors): void {
    response.status(status).render('pages/sign-in', {
      title: 'Sign in',
      roles: LOCAL_ROLES,
      pdus: Object.entries(this.referenceData.pdus).map(([code, pdu]) => ({
        value: code,
        text: `${pdu.name} (${code})`,
      })),
      form,
      errors,
    });
  }
}
