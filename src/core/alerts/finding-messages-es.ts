import type { FindingMessages } from './finding-messages-en.ts';

/**
 * Spanish explanations of the alliance engine's findings: the same numbers as the English
 * ones, usted form as in the rest of the Spanish interface.
 */
export const findingMessagesEs: FindingMessages = {
  scale: {
    goal: 'El acuerdo sobre los objetivos',
    task: 'El acuerdo sobre las tareas',
    bond: 'El vínculo',
    total: 'La alianza global',
  },
  list: { separator: ', ', last: '{{init}} y {{last}}' },
  rupture: {
    open: '{{scale}} cayó de {{from, score}} a {{to, score}} tras la sesión {{session}}, {{why}}.',
    unresolved:
      '{{scale}} cayó de {{from, score}} a {{to, score}} tras la sesión {{session}}, {{why}}, y no se ha recuperado en las {{horizon}} sesiones siguientes: una ruptura sin reparar que conviene hablar con el cliente.',
    repaired:
      '{{scale}} bajó de {{from, score}} a {{to, score}} tras la sesión {{session}} y volvió a {{back, score}} en la sesión {{backSession}}: una ruptura reparada, algo que suele acompañar a mejores resultados.',
    why: {
      absoluteDrop:
        'una caída de al menos {{drop, decimal}} punto, pues aún es pronto para conocer la variación habitual de este cliente',
      own: 'más de {{k, decimal}} × la variación habitual de este cliente',
      betweenClients:
        'más de {{k, decimal}} × la dispersión habitual de la alianza entre clientes (mayor que la variación propia de este cliente)',
    },
  },
  selfReportedRupture: {
    repaired:
      'El cliente señaló tensión o desacuerdo en la sesión {{session}} ({{tension}} de 4) y sintió que se resolvió ({{resolution}} de 4): una ruptura reparada en la propia sesión.',
    littleResolved:
      'El cliente señaló tensión o desacuerdo en la sesión {{session}} ({{tension}} de 4) que sintió poco resuelto ({{resolution}} de 4); conviene retomarlo en la próxima sesión.',
    notSaidResolved:
      'El cliente señaló tensión o desacuerdo en la sesión {{session}} ({{tension}} de 4) sin indicar si se resolvió; conviene retomarlo en la próxima sesión.',
  },
  disengagement: {
    afterScoreDrop_one:
      'Después de la sesión {{session}}, en la que hubo una ruptura, hubo {{missed}}: una señal de desvinculación; considere contactar con el cliente antes de la próxima cita.',
    afterScoreDrop_other:
      'Después de la sesión {{session}}, en la que hubo una ruptura, hubo {{missed}}: una señal de desvinculación; considere contactar con el cliente antes de la próxima cita.',
    afterTension_one:
      'Después de la sesión {{session}}, en la que hubo una ruptura, hubo {{missed}}: una señal de desvinculación; considere contactar con el cliente antes de la próxima cita.',
    afterTension_other:
      'Después de la sesión {{session}}, en la que hubo una ruptura, hubo {{missed}}: una señal de desvinculación; considere contactar con el cliente antes de la próxima cita.',
    noShow: 'una ausencia sin aviso en la sesión {{session}}',
    cancellation: 'una cancelación en la sesión {{session}}',
  },
  discrepancy: {
    clientLowerGoals:
      '{{scale}} tras la sesión {{session}}: el cliente puntuó {{client, score}} y usted {{therapist, score}}, una diferencia de {{gap, score}} puntos: quizá esté persiguiendo objetivos que no son los del cliente.',
    clientLowerTasks:
      '{{scale}} tras la sesión {{session}}: el cliente puntuó {{client, score}} y usted {{therapist, score}}, una diferencia de {{gap, score}} puntos: quizá esté persiguiendo tareas que no son los del cliente.',
    clientHigher:
      '{{scale}} tras la sesión {{session}}: el cliente puntuó {{client, score}} y usted {{therapist, score}}, una diferencia de {{gap, score}} puntos: el cliente percibe más acuerdo que usted.',
    resolved:
      '{{scale}} tras la sesión {{session}}: el cliente puntuó {{client, score}} y usted {{therapist, score}}, una diferencia de {{gap, score}} puntos; en la sesión {{resolvedAt}} sus puntos de vista se habían acercado.',
  },
  split: {
    active:
      '{{scale}} tras la sesión {{session}} fue de {{low, score}} a {{high, score}} entre los {{members}} miembros, una división de {{split, score}} puntos: una alianza dividida; compruebe si algún miembro se siente menos escuchado.',
    resolved:
      '{{scale}} tras la sesión {{session}} fue de {{low, score}} a {{high, score}} entre los {{members}} miembros, una división de {{split, score}} puntos; en la sesión {{resolvedAt}} sus puntos de vista se habían vuelto a acercar.',
  },
  earlyCheckpoint: {
    belowLevel:
      'En la sesión {{bySession}} la alianza aún no está establecida: la alianza global más reciente (sesión {{session}}) fue {{latest, score}}, por debajo del nivel del plan de {{level, score}}.',
    falling:
      'En la sesión {{bySession}} la alianza aún no está establecida: bajó {{slope, decimal}} puntos por sesión en las sesiones {{first}}–{{last}}.',
    belowLevelAndFalling:
      'En la sesión {{bySession}} la alianza aún no está establecida: la alianza global más reciente (sesión {{session}}) fue {{latest, score}}, por debajo del nivel del plan de {{level, score}} y bajó {{slope, decimal}} puntos por sesión en las sesiones {{first}}–{{last}}.',
  },
  // The Spanish sentence has never named the PHQ-9 answer (no validated Spanish labels are
  // bundled), so the three answers read alike.
  riskItem: {
    phq9Answer1:
      'En la sesión {{session}} el cliente respondió {{answer}} a la pregunta del {{instrument}} sobre pensamientos de que estaría mejor muerto o de hacerse daño: valore el riesgo antes de la próxima sesión.',
    phq9Answer2:
      'En la sesión {{session}} el cliente respondió {{answer}} a la pregunta del {{instrument}} sobre pensamientos de que estaría mejor muerto o de hacerse daño: valore el riesgo antes de la próxima sesión.',
    phq9Answer3:
      'En la sesión {{session}} el cliente respondió {{answer}} a la pregunta del {{instrument}} sobre pensamientos de que estaría mejor muerto o de hacerse daño: valore el riesgo antes de la próxima sesión.',
    answered:
      'En la sesión {{session}} el cliente respondió {{answer}} a la pregunta del {{instrument}} sobre pensamientos de que estaría mejor muerto o de hacerse daño: valore el riesgo antes de la próxima sesión.',
  },
  notOnTrack: {
    active:
      '{{instrument}} fue {{observed, decimal}} en la sesión {{session}}, peor que el {{expected, decimal}} ± {{tolerance, decimal}} esperado para quien empezó en {{intake, decimal}}: no va según lo previsto.',
    resolved:
      '{{instrument}} estuvo fuera de la trayectoria esperada desde la sesión {{first}}, pero volvió al rango esperado en la sesión {{resolvedAt}}.',
  },
  reliableChange: {
    deteriorated:
      '{{instrument}} ha empeorado de forma fiable en la sesión {{session}}{{change}}: más de lo que explica el error de medida; conviene revisar el plan.',
    recovered:
      '{{instrument}} muestra recuperación en la sesión {{session}}{{change}}: mejora fiable hasta el rango saludable.',
    improved: '{{instrument}} ha mejorado de forma fiable en la sesión {{session}}{{change}}.',
    change: ' ({{pre, decimal}} → {{post, decimal}})',
  },
  storedText: '{{es}}',
};
