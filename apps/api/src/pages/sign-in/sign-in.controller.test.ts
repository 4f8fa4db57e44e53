import 'reflect-metadata';
import { ForbiddenException, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ROLES } from '../../../../../libs/domain/src/variation';
import type { StaffUser } from '../../../../../libs/security/src/staff-user';
import { SignInController } from './sign-in.controller';

const controller = new (SignInController as unknown as new (...args: unknown[]) => SignInController)();
const redirects: string[] = [];
const response = { redirect: (_: number, to: string) => redirects.push(to) } as unknown as Response;
const as = (user?: Partial<StaffUser>) => ({ user }) as unknown as Request & { user?: StaffUser };

it('sends each role home, and someone not signed in to sign in', () => {
  controller.home(as({ roles: [ROLES.practitioner] }), response);
  controller.home(as(), response);
  expect(redirects).toEqual(['/cases', '/sign-in']);
});

it('shows someone signed in without a role here a 403, not sign-in again (with HMPPS Auth, a loop)', () => {
  expect(() => controller.home(as({ roles: [] }), response)).toThrow(ForbiddenException);
});

describe('with a secret for bearer tokens but LOCAL_SIGN_IN off (the compose stack once exposed this)', () => {
  const settings: Record<string, unknown> = { AUTH_JWT_SECRET: 's'.repeat(32), LOCAL_SIGN_IN: false };
  const config = { get: (key: string) => settings[key] };
  const offline = new (SignInController as unknown as new (...args: unknown[]) => SignInController)(
    undefined,
    config,
    { pdus: {} },
    null,
  );

  it('shows no role picker: the page says sign-in is not set up (503)', async () => {
    const rendered: { status?: number; view?: string; title?: string } = {};
    const page = {
      status(code: number) {
        rendered.status = code;
        return this;
      },
      render(view: string, locals: { title: string }) {
        rendered.view = view;
        rendered.title = locals.title;
      },
    } as unknown as Response;
    await offline.signIn({} as Request, page);
    expect(rendered).toEqual({ status: 503, view: 'pages/error', title: 'Sign-in is not set up' });
  });

  it('mints no token for a role picked by hand (404)', async () => {
    await expect(
      offline.signInLocally({ role: 'admin', pdu: 'N07CEN' }, {} as Request, response),
    ).rejects.toThrow(NotFoundException);
  });
});
