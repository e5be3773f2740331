import type { Messages } from './en.ts';

/** Spanish strings of the staff app (our own interface text, not a validated instrument). */
export const es: Messages = {
  app: {
    name: 'Rapport',
    skipToContent: 'Saltar al contenido',
    language: 'Idioma',
    loading: 'Cargando…',
    passwordOnlyBanner:
      'Atención: esta instalación permite iniciar sesión solo con contraseña, sin segundo factor. No guarde aquí datos reales de pacientes.',
  },
  shell: {
    signedInAs: 'Sesión iniciada como {{name}}',
    signOut: 'Cerrar sesión',
    mainNavigation: 'Principal',
    home: 'Inicio',
    welcome: 'Hola, {{name}}',
    welcomeText: 'Aquí aparecerán sus casos.',
    notFound: 'No hay nada en esta dirección.',
  },
  signIn: {
    title: 'Iniciar sesión',
    email: 'Correo electrónico',
    password: 'Contraseña',
    submit: 'Entrar',
    submitting: 'Entrando…',
    forgot: '¿Ha olvidado su contraseña?',
    wrong: 'El correo electrónico o la contraseña no son correctos.',
    tooMany: 'Demasiados intentos. Espere unos minutos y vuelva a intentarlo.',
  },
  secondFactor: {
    title: 'Verificación en dos pasos',
    intro:
      'Abra su aplicación de autenticación y escriba el código de 6 cifras que muestra para Rapport.',
    code: 'Código de la aplicación de autenticación o código de recuperación',
    submit: 'Continuar',
    wrong: 'El código no es correcto. Pruebe con el código más reciente.',
    recoveryUsed_one: 'Ha usado un código de recuperación. Le queda {{count}}.',
    recoveryUsed_other: 'Ha usado un código de recuperación. Le quedan {{count}}.',
    startAgain: 'Volver a empezar',
  },
  enrolment: {
    title: 'Configurar la verificación en dos pasos',
    intro:
      'Rapport guarda información clínica; por eso, para entrar se necesita, además de la contraseña, un código de una aplicación de autenticación en su móvil.',
    step1:
      'Escanee este código QR con su aplicación de autenticación (por ejemplo Aegis, FreeOTP, Google Authenticator o Microsoft Authenticator).',
    qrAlt: 'Código QR para añadir Rapport a su aplicación de autenticación',
    manual: '¿No puede escanearlo? Escriba esta clave en la aplicación:',
    step2: 'Escriba el código de 6 cifras que muestra ahora la aplicación.',
    code: 'Código de 6 cifras',
    submit: 'Confirmar',
    wrong: 'El código no es correcto. Compruebe que la hora de su móvil es la correcta.',
    recoveryTitle: 'Sus códigos de recuperación',
    recoveryIntro:
      'Si pierde el móvil, cada uno de estos códigos le permite entrar una vez en lugar de la aplicación. Guárdelos en un lugar seguro: solo se muestran ahora.',
    recoveryCodes: 'Códigos de recuperación',
    saved: 'He guardado mis códigos de recuperación',
  },
  forgot: {
    title: 'Contraseña olvidada',
    intro:
      'Indique el correo electrónico con el que inicia sesión. Le enviaremos un enlace para elegir una contraseña nueva.',
    email: 'Correo electrónico',
    submit: 'Enviar el enlace',
    sent: 'Si hay una cuenta con esta dirección, le hemos enviado un enlace. Sirve una sola vez y durante 30 minutos.',
    backToSignIn: 'Volver a iniciar sesión',
  },
  reset: {
    title: 'Elija una contraseña nueva',
    password: 'Contraseña nueva',
    confirm: 'Repita la contraseña nueva',
    hint: 'Al menos 12 caracteres. No se aceptan contraseñas comunes ni filtradas; unas cuantas palabras sin relación entre sí forman una buena contraseña.',
    submit: 'Guardar la contraseña nueva',
    mismatch: 'Las dos contraseñas no coinciden.',
    done: 'Se ha cambiado su contraseña y se han cerrado todas sus sesiones. Inicie sesión con la contraseña nueva.',
    invalidLink: 'Este enlace ya no es válido. Pida uno nuevo.',
    noToken: 'Esta página necesita el enlace del correo electrónico. Pida uno nuevo.',
    askAgain: 'Pedir un enlace nuevo',
    goToSignIn: 'Ir a iniciar sesión',
  },
  passwordProblem: {
    'too-short': 'La contraseña debe tener al menos 12 caracteres.',
    'too-long': 'La contraseña no puede tener más de 256 caracteres.',
    common: 'Es una contraseña común o filtrada. Elija otra.',
    repetitive: 'Es un patrón corto repetido. Elija otra.',
    personal: 'La contraseña no puede ser su correo electrónico.',
  },
  error: {
    generic: 'Algo ha fallado. Vuelva a intentarlo dentro de un momento.',
    network: 'No se puede conectar con el servidor. Compruebe su conexión.',
    csrf: 'Su sesión ha cambiado. Vuelva a cargar la página.',
  },
};
