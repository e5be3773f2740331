import { type Kysely, sql } from 'kysely';

// Frozen in time. Research studies inside the practice (issue 16): a study with its clinics,
// team and measures; consent versions per language; participants (a client member or a
// therapist) who move invited → consented or declined → withdrawn or completed, each step
// kept as an event; single-use consent links; consent records with the hash of the exact
// text shown and a PDF receipt; and the study's share of the questionnaire requests, so
// that what a study asked (and only that) can be found, exported or deleted.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('study')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('protocol_summary', 'text', (c) => c.notNull())
    .addColumn('principal_investigator', 'text', (c) => c.notNull())
    .addColumn('ethics_reference', 'text', (c) => c.notNull())
    .addColumn('ethics_approved_on', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('draft', 'recruiting', 'closed')`),
    )
    // What happens to the study's own data of a participant who withdraws.
    .addColumn('withdrawal_policy', 'text', (c) =>
      c.notNull().check(sql`withdrawal_policy in ('keep', 'delete')`),
    )
    // The therapist's alliance form the study uses (the one the clinic's discrepancy rule
    // uses: an imported licensed therapist WAI form or Rapport's own session rating).
    .addColumn('therapist_alliance_instrument_id', 'text')
    // Participants whose consent is on a lower version of their language need re-consent.
    .addColumn('reconsent_below_version', 'integer')
    .addColumn('created_by', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('study_organization').on('study').column('organization_id').execute();

  await db.schema
    .createTable('study_clinic')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('study_id', 'text', (c) => c.notNull().references('study.id'))
    .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinic.id'))
    .addColumn('target_enrolment', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('study_clinic_pk', ['study_id', 'clinic_id'])
    .execute();

  await db.schema
    .createTable('study_team_member')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('study_id', 'text', (c) => c.notNull().references('study.id'))
    .addColumn('staff_user_id', 'text', (c) => c.notNull().references('staff_user.id'))
    // A senior researcher reviews interviews (the interview issue).
    .addColumn('is_senior', 'integer', (c) => c.notNull().check(sql`is_senior in (0, 1)`))
    .addPrimaryKeyConstraint('study_team_member_pk', ['study_id', 'staff_user_id'])
    .execute();
  await db.schema
    .createIndex('study_team_member_staff')
    .on('study_team_member')
    .column('staff_user_id')
    .execute();

  await db.schema
    .createTable('study_measure')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('study_id', 'text', (c) => c.notNull().references('study.id'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('respondent', 'text', (c) =>
      c.notNull().check(sql`respondent in ('client', 'therapist')`),
    )
    // 'enrolment': once, in the first session link after consent; 'sessions': after each
    // session whose number is in session_numbers.
    .addColumn('timing', 'text', (c) => c.notNull().check(sql`timing in ('enrolment', 'sessions')`))
    /** JSON array of session numbers (empty for enrolment). */
    .addColumn('session_numbers', 'text', (c) => c.notNull())
    /** JSON object of per-study option edits for a study form, or null. */
    .addColumn('options', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('study_measure_study')
    .on('study_measure')
    .column('study_id')
    .execute();

  await db.schema
    .createTable('consent_version')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('study_id', 'text', (c) => c.notNull().references('study.id'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    /** Markdown, stored as given; rendered without raw HTML. */
    .addColumn('information_text', 'text', (c) => c.notNull())
    /** JSON array of statement texts, each to be ticked. */
    .addColumn('statements', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('consent_version_number', ['study_id', 'language', 'version'])
    .execute();

  await db.schema
    .createTable('study_participant')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('study_id', 'text', (c) => c.notNull().references('study.id'))
    .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinic.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('client', 'therapist')`))
    // A client member is enrolled with their case; a therapist once per study (the cases
    // they follow are the enrolled cases they treat), so case_id is null for a therapist.
    .addColumn('case_id', 'text', (c) => c.references('care_case.id'))
    .addColumn('client_id', 'text', (c) => c.references('client.id'))
    .addColumn('staff_user_id', 'text', (c) => c.references('staff_user.id'))
    // 'client:<id>' or 'therapist:<id>': one participant per person per study.
    .addColumn('participant_key', 'text', (c) => c.notNull())
    // Stable per study, the only name the study team sees (e.g. "C07", "T03").
    .addColumn('pseudonym', 'text', (c) => c.notNull())
    // A minor needs a guardian's consent and their own assent.
    .addColumn('needs_guardian', 'integer', (c) => c.notNull().check(sql`needs_guardian in (0, 1)`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(sql`status in ('invited', 'consented', 'declined', 'withdrawn', 'completed')`),
    )
    // 'kept' or 'deleted' once withdrawn, by the study's policy at that moment.
    .addColumn('withdrawal_data', 'text', (c) =>
      c.check(sql`withdrawal_data in ('kept', 'deleted')`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('study_participant_person', ['study_id', 'participant_key'])
    .addUniqueConstraint('study_participant_pseudonym', ['study_id', 'pseudonym'])
    .execute();
  await db.schema
    .createIndex('study_participant_case')
    .on('study_participant')
    .columns(['case_id', 'status'])
    .execute();
  await db.schema
    .createIndex('study_participant_staff')
    .on('study_participant')
    .columns(['staff_user_id', 'status'])
    .execute();

  // Every step of a participant, with who and when (status history; never edited).
  await db.schema
    .createTable('study_participant_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('study_id', 'text', (c) => c.notNull().references('study.id'))
    .addColumn('participant_id', 'text', (c) => c.notNull().references('study_participant.id'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(sql`status in ('invited', 'consented', 'declined', 'withdrawn', 'completed')`),
    )
    // 'staff' (actor_id is a staff user) or 'participant' (through their own link).
    .addColumn('actor_kind', 'text', (c) =>
      c.notNull().check(sql`actor_kind in ('staff', 'participant', 'system')`),
    )
    .addColumn('actor_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('study_participant_event_participant')
    .on('study_participant_event')
    .columns(['participant_id', 'at'])
    .execute();

  // A single-use link that opens a consent page (for a client member or their guardian).
  await db.schema
    .createTable('consent_invitation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('study_id', 'text', (c) => c.notNull().references('study.id'))
    .addColumn('participant_id', 'text', (c) => c.notNull().references('study_participant.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('consent', 'guardian-consent', 'assent')`),
    )
    .addColumn('language', 'text', (c) => c.notNull())
    // SHA-256 of the link's token; the token itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('open', 'used', 'expired', 'revoked')`),
    )
    .addColumn('created_by', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('consent_invitation_participant')
    .on('consent_invitation')
    .columns(['participant_id', 'status'])
    .execute();

  await db.schema
    .createTable('consent_record')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('study_id', 'text', (c) => c.notNull().references('study.id'))
    .addColumn('participant_id', 'text', (c) => c.notNull().references('study_participant.id'))
    .addColumn('consent_version_id', 'text', (c) => c.notNull().references('consent_version.id'))
    .addColumn('invitation_id', 'text', (c) => c.references('consent_invitation.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('consent', 'guardian-consent', 'assent')`),
    )
    .addColumn('decision', 'text', (c) =>
      c.notNull().check(sql`decision in ('consented', 'declined')`),
    )
    // How it was given: the participant's own link, or signed in the staff app.
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('link', 'staff-app')`))
    .addColumn('typed_name', 'text', (c) => c.notNull())
    /** JSON array of the ticked statement indexes. */
    .addColumn('ticked_statements', 'text', (c) => c.notNull())
    // SHA-256 of the exact text shown (information text and statements, as rendered input).
    .addColumn('text_sha256', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text', (c) => c.notNull())
    /** The PDF receipt, base64; never changed once written. */
    .addColumn('receipt_pdf', 'text')
    .addColumn('receipt_sha256', 'text')
    // SHA-256 of the token of the participant's receipt page (download, withdraw).
    .addColumn('receipt_token_hash', 'text', (c) => c.unique())
    .execute();
  await db.schema
    .createIndex('consent_record_participant')
    .on('consent_record')
    .columns(['participant_id', 'signed_at'])
    .execute();
  await db.schema
    .createIndex('consent_record_version')
    .on('consent_record')
    .column('consent_version_id')
    .execute();

  // Which instruments of a questionnaire request a study asked for. `also_clinical` is 1
  // when the clinic's own plan asked for the same instrument in that request (asked once,
  // kept as a clinical record; a withdrawal with deletion never removes it).
  await db.schema
    .createTable('study_request_item')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('study_id', 'text', (c) => c.notNull().references('study.id'))
    .addColumn('participant_id', 'text', (c) => c.notNull().references('study_participant.id'))
    .addColumn('request_id', 'text', (c) => c.notNull().references('questionnaire_request.id'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('measure_id', 'text', (c) => c.notNull().references('study_measure.id'))
    .addColumn('also_clinical', 'integer', (c) => c.notNull().check(sql`also_clinical in (0, 1)`))
    .addPrimaryKeyConstraint('study_request_item_pk', ['study_id', 'request_id', 'instrument_id'])
    .execute();
  await db.schema
    .createIndex('study_request_item_participant')
    .on('study_request_item')
    .column('participant_id')
    .execute();
  await db.schema
    .createIndex('study_request_item_request')
    .on('study_request_item')
    .column('request_id')
    .execute();
}
