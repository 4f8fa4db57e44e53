import 'reflect-metadata';
import { ForbiddenException } from '@nestjs/common';
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
