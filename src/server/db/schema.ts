// Table types for Kysely. Timestamps are epoch milliseconds (bigint in PostgreSQL, integer in SQLite),
// ids are random UUID strings: both behave the same on the two databases.
import type { Level, Role, TutorMode } from '../../shared/roles.ts';

export interface SchoolsTable {
  id: string;
  uai: string;
  name: string;
  created_at: number;
}

export interface ClassesTable {
  id: string;
  school_id: string;
  name: string;
  level: Level;
  created_at: number;
  tutor_disabled_at: number | null;
}

export interface UsersTable {
  id: string;
  login: string;
  display_name: string;
  role: Role;
  school_id: string | null;
  password_hash: string | null;
  disabled_at: number | null;
  created_at: number;
  /** When a pupil left the school (roster); its account is erased 3 months later by default. Optional so inserts need not name it. */
  left_at?: number | null;
  /** Stable id from the school's systems (`ent:<id>` or `key:<hash>`), unique in a school; null for hand-made accounts. Optional so inserts need not name it. */
  external_id?: string | null;
}

export interface ClassMembersTable {
  class_id: string;
  user_id: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token: a copy of the database does not give working sessions. */
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  revoked_at: number | null;
}

export interface LoginThrottleTable {
  /** `account:<login>` or `ip:<address>` */
  key: string;
  failures: number;
  window_started_at: number;
  locked_until: number | null;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface DataKeysTable {
  owner_id: string;
  /** The owner's data key wrapped (AES-256-GCM) by the key-encryption key. Null once shredded. */
  wrapped_key: string | null;
  kek_id: string;
  created_at: number;
  shredded_at: number | null;
}

export interface ConversationsTable {
  id: string;
  pupil_id: string;
  school_id: string | null;
  subject: string | null;
  /** Encrypted with the pupil's data key: a title is made from the first question. */
  title_enc: string | null;
  created_at: number;
  updated_at: number;
  assignment_id: string | null;
  mode: TutorMode;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  /** Order inside the conversation, from 1. */
  seq: number;
  author: 'pupil' | 'tutor';
  /** Encrypted with the pupil's data key, bound to (messages, id, content). */
  content_enc: string;
  status: 'complete' | 'interrupted' | 'error';
  created_at: number;
  /** Tutor answers: the course passages used (JSON), encrypted like content. Optional so inserts need not name it. */
  sources_enc?: string | null;
}

/** A course document attached to an assignment: metadata only, the file itself is not kept. */
export interface CourseDocumentsTable {
  id: string;
  assignment_id: string;
  school_id: string;
  uploaded_by: string | null;
  /** Whose data key encrypts the passages (the assignment's teacher). */
  key_owner_id: string;
  /** Sanitised for display; never used as a path. */
  name: string;
  kind: 'pdf' | 'docx' | 'odt' | 'markdown' | 'text';
  size_bytes: number;
  sha256: string;
  passage_count: number;
  created_at: number;
}

export interface CoursePassagesTable {
  document_id: string;
  /** Passage number inside the document, from 1 (what the pupil sees cited). */
  seq: number;
  /** Encrypted, bound to (course_passages, content, <document id>:<seq>). */
  content_enc: string;
}

/** Bumped with every document change, so each instance knows when its in-memory index is stale. */
export interface CourseDocumentSetsTable {
  assignment_id: string;
  version: number;
  document_count: number;
  updated_at: number;
}

export interface SchoolSettingsTable {
  school_id: string;
  key: string;
  value: string;
  updated_at: number;
  updated_by: string | null;
}

export interface AssignmentsTable {
  id: string;
  school_id: string;
  teacher_id: string;
  title: string;
  subject: string;
  statement: string;
  expected_answer: string | null;
  /** Comma-separated TutorMode codes. */
  modes: string;
  opens_at: number;
  closes_at: number;
  tutor_disabled_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface AssignmentClassesTable {
  assignment_id: string;
  class_id: string;
}

export interface LiveSessionsTable {
  id: string;
  school_id: string;
  class_id: string;
  teacher_id: string;
  starts_at: number;
  ends_at: number;
  ended_at: number | null;
  created_at: number;
}

export interface AuditLogTable {
  /** Position in the hash chain, from 1, without gaps. */
  seq: number;
  at: number;
  actor_id: string | null;
  /** A role, or `cli` / `system` for the operator and scheduled jobs. */
  actor_role: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  school_id: string | null;
  /** The person the entry is about (the pupil whose conversation was opened…): what "who accessed my data" lists. */
  subject_id: string | null;
  /** Canonical JSON, never pupil content. */
  details: string;
  prev_hash: string;
  /** SHA-256 (hex) of the canonical encoding of every field above, prev_hash included. */
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  last_seq: number;
  last_hash: string;
  /** Where the chain starts once retention has removed the oldest entries. */
  first_seq: number;
  first_prev_hash: string;
}

export interface AuditSealsTable {
  seq: number;
  hash: string;
  at: number;
  key_id: string;
  /** Ed25519 signature (base64) of the seal's canonical text. */
  signature: string;
}

/** The running answer of a pupil, held by one instance; lapses when that instance stops renewing it. */
export interface ChatLeasesTable {
  pupil_id: string;
  instance_id: string;
  class_id: string | null;
  assignment_id: string | null;
  stop_reason: string | null;
  started_at: number;
  expires_at: number;
}

/** A pupil's messages in the current day and week (Paris time), for quotas. */
export interface PupilUsageTable {
  pupil_id: string;
  day_start: number;
  day_count: number;
  week_start: number;
  week_count: number;
}

export interface JobLeasesTable {
  name: string;
  holder: string;
  expires_at: number;
}

export interface RightsRequestsTable {
  id: string;
  school_id: string | null;
  pupil_id: string;
  kind: 'access' | 'rectification' | 'restriction' | 'objection' | 'erasure';
  state: 'received' | 'in_progress' | 'extended' | 'granted' | 'refused';
  /** The pupil's own words about the request, encrypted with its data key. */
  details_enc: string | null;
  received_at: number;
  due_at: number;
  extended: number;
  decided_at: number | null;
  decided_by: string | null;
  /** The DPO's reason (decision or extension), encrypted with the pupil's data key (migration 0009). */
  decision_reason_enc: string | null;
}

/** Which account an SSO identity (provider, subject) signs in as. */
export interface SsoLinksTable {
  provider_id: string;
  subject: string;
  user_id: string;
  created_at: number;
  last_login_at: number;
}

/** CAS service tickets already used (replay refusal) and the session each one opened (single logout). */
export interface SsoTicketsTable {
  provider_id: string;
  /** SHA-256 of the ticket. */
  ticket_hash: string;
  session_token_hash: string | null;
  created_at: number;
}

/** A sign-in in progress (OIDC state, nonce and PKCE verifier; SAML request id), single use. */
export interface SsoPendingTable {
  state_hash: string;
  provider_id: string;
  payload: string;
  expires_at: number;
}

export interface AlertsTable {
  id: string;
  school_id: string;
  class_id: string | null;
  pupil_id: string;
  conversation_id: string | null;
  message_id: string | null;
  source: 'input' | 'output' | 'report';
  /** Comma-separated moderation categories. */
  categories: string;
  excerpt_enc: string;
  state: 'new' | 'seen' | 'handled';
  note_enc: string | null;
  created_at: number;
  updated_at: number;
  updated_by: string | null;
}

/** The help a pupil was shown under one of its messages: the help line numbers (JSON), encrypted. */
export interface MessageCareTable {
  message_id: string;
  conversation_id: string;
  care_enc: string;
  created_at: number;
}

/** Alert e-mails waiting for (or done with) the school's SMTP relay; the body is built at send time. */
export interface MailOutboxTable {
  id: string;
  school_id: string;
  alert_id: string;
  recipient: string;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: number;
  lease_holder: string | null;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

/** A language model available on this installation (the catalogue). */
export interface ModelsTable {
  id: string;
  name: string;
  kind: 'gguf' | 'openai';
  /** Absolute path of the GGUF file (gguf) or the model name sent to the servers (openai). */
  locator: string;
  licence: string | null;
  origin: string | null;
  /** Comma-separated language codes (fr,en). */
  languages: string | null;
  context_size: number | null;
  parameters: number | null;
  quantisation: string | null;
  architecture: string | null;
  file_bytes: number | null;
  kv_bytes_per_token: number | null;
  /** 'config': the model the configuration names (kept in sync at start); 'admin': registered by an admin. */
  source: 'config' | 'admin';
  created_at: number;
  updated_at: number;
  updated_by: string | null;
}

/** Which schools may use a catalogue model (decided by the académie). */
export interface ModelAllowancesTable {
  model_id: string;
  school_id: string;
  created_at: number;
}

/** The model a class uses (target_id = class id) or a school's default (target_id = school id). */
export interface ModelChoicesTable {
  target_id: string;
  school_id: string;
  class_id: string | null;
  model_id: string;
  updated_at: number;
  updated_by: string | null;
}

/** SAML assertion ids already used (SHA-256), kept until the assertion expires: a replay is refused on every instance. */
export interface SamlAssertionsTable {
  provider_id: string;
  assertion_hash: string;
  expires_at: number;
}

/** One-time password reset links an administrator made (SHA-256 of the token); a newer link or a password change ends them. */
export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface Database {
  schools: SchoolsTable;
  classes: ClassesTable;
  users: UsersTable;
  class_members: ClassMembersTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  setup_tokens: SetupTokensTable;
  data_keys: DataKeysTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  school_settings: SchoolSettingsTable;
  assignments: AssignmentsTable;
  assignment_classes: AssignmentClassesTable;
  live_sessions: LiveSessionsTable;
  alerts: AlertsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  audit_seals: AuditSealsTable;
  job_leases: JobLeasesTable;
  chat_leases: ChatLeasesTable;
  pupil_usage: PupilUsageTable;
  rights_requests: RightsRequestsTable;
  sso_links: SsoLinksTable;
  sso_tickets: SsoTicketsTable;
  sso_pending: SsoPendingTable;
  saml_assertions: SamlAssertionsTable;
  password_resets: PasswordResetsTable;
  message_care: MessageCareTable;
  mail_outbox: MailOutboxTable;
  models: ModelsTable;
  model_allowances: ModelAllowancesTable;
  model_choices: ModelChoicesTable;
  course_documents: CourseDocumentsTable;
  course_passages: CoursePassagesTable;
  course_document_sets: CourseDocumentSetsTable;
}
