/** English strings of the staff app. Keys are grouped by page; Spanish mirrors them in es.ts. */
export const en = {
  app: {
    name: 'Rapport',
    skipToContent: 'Skip to content',
    language: 'Language',
    loading: 'Loading…',
    passwordOnlyBanner:
      'Warning: this installation signs people in with a password only, without a second factor. Do not keep real client data here.',
  },
  shell: {
    signedInAs: 'Signed in as {{name}}',
    signOut: 'Sign out',
    mainNavigation: 'Main',
    home: 'Home',
    welcome: 'Welcome, {{name}}',
    welcomeText: 'Your caseload will appear here.',
    notFound: 'There is nothing at this address.',
  },
  signIn: {
    title: 'Sign in',
    email: 'E-mail address',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    forgot: 'Forgotten your password?',
    wrong: 'The e-mail address or the password is not right.',
    tooMany: 'Too many attempts. Wait a few minutes, then try again.',
  },
  secondFactor: {
    title: 'Two-step sign-in',
    intro: 'Open your authenticator app and type the 6-digit code it shows for Rapport.',
    code: 'Code from your authenticator app, or a recovery code',
    submit: 'Continue',
    wrong: 'The code is not right. Try the newest code.',
    recoveryUsed_one: 'You used a recovery code. {{count}} recovery code is left.',
    recoveryUsed_other: 'You used a recovery code. {{count}} recovery codes are left.',
    startAgain: 'Start again',
  },
  enrolment: {
    title: 'Set up two-step sign-in',
    intro:
      'Rapport holds clinical information, so signing in takes a code from an authenticator app on your phone as well as your password.',
    step1:
      'Scan this QR code with your authenticator app (for example Aegis, FreeOTP, Google Authenticator or Microsoft Authenticator).',
    qrAlt: 'QR code to add Rapport to your authenticator app',
    manual: 'Cannot scan? Type this key into the app instead:',
    step2: 'Type the 6-digit code the app now shows.',
    code: '6-digit code',
    submit: 'Confirm',
    wrong: 'The code is not right. Check that the time on your phone is correct.',
    recoveryTitle: 'Your recovery codes',
    recoveryIntro:
      'If you lose your phone, each of these codes signs you in once instead of the app. Keep them somewhere safe: they are shown only now.',
    recoveryCodes: 'Recovery codes',
    saved: 'I have saved my recovery codes',
  },
  forgot: {
    title: 'Forgotten password',
    intro:
      'Give the e-mail address you sign in with. We will send you a link to choose a new password.',
    email: 'E-mail address',
    submit: 'Send the link',
    sent: 'If an account has this address, a link is on its way. It works once and for 30 minutes.',
    backToSignIn: 'Back to sign-in',
  },
  reset: {
    title: 'Choose a new password',
    password: 'New password',
    confirm: 'New password again',
    hint: 'At least 12 characters. Common and breached passwords are refused; a few unrelated words make a good password.',
    submit: 'Set the new password',
    mismatch: 'The two passwords are not the same.',
    done: 'Your password has been changed and you have been signed out everywhere. Sign in with the new password.',
    invalidLink: 'This link is not valid any more. Ask for a new one.',
    noToken: 'This page needs the link from the e-mail. Ask for a new one.',
    askAgain: 'Ask for a new link',
    goToSignIn: 'Go to sign-in',
  },
  passwordProblem: {
    'too-short': 'The password must be at least 12 characters long.',
    'too-long': 'The password must be at most 256 characters long.',
    common: 'This is a common or breached password. Choose another.',
    repetitive: 'This is a short pattern repeated. Choose another.',
    personal: 'The password must not be your e-mail address.',
  },
  error: {
    generic: 'Something went wrong. Try again in a moment.',
    network: 'The server cannot be reached. Check your connection.',
    csrf: 'Your session has changed. Reload the page.',
  },
};

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
/** The shape every language must fill in. */
export type Messages = Strings<typeof en>;
