import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy } from './password-policy.ts';

describe('the password policy', () => {
  it.each([
    ['short', 'too-short'],
    ['elevenchars', 'too-short'],
    ['x'.repeat(257), 'too-long'],
    // In the breached-password list as they are:
    ['qwertyuiop123', 'common'],
    ['1q2w3e4r5t6y', 'common'],
    ['LeaveMeAlone', 'common'],
    // A common password with digits or symbols around it is still a common password:
    ['password12345', 'common'],
    ['!!dragon2026!!', 'common'],
    ['aaaaaaaaaaaa', 'repetitive'],
    ['abcabcabcabc', 'repetitive'],
    ['121212121212', 'repetitive'],
  ])('refuses %j (%s)', (password, problem) => {
    expect(checkPasswordPolicy(password)).toBe(problem);
  });

  it('refuses the person’s own e-mail address', () => {
    const email = 'maria.lopez@clinic.example';
    expect(checkPasswordPolicy(email, { email })).toBe('personal');
    expect(checkPasswordPolicy('Maria.Lopez2026', { email })).toBe('personal');
  });

  it.each([
    'correct horse battery staple',
    'lanterns over the harbour',
    'Vyg7!kqP2mzR',
    'ñandú corre por la pampa',
    '十二个字符的密码也可以用的对吧',
  ])('accepts %j', (password) => {
    expect(checkPasswordPolicy(password, { email: 'someone@clinic.example' })).toBeNull();
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    expect(checkPasswordPolicy('🙂'.repeat(11) + 'x')).toBe(null);
    expect(checkPasswordPolicy('🙂'.repeat(6))).toBe('too-short');
  });
});
