// Table types for Kysely. Timestamps are epoch milliseconds (bigint in PostgreSQL, integer in SQLite),
// ids are random UUID strings: both behave the same on the two databases.
import type { Level, Role } from '../../shared/roles.ts';

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
}
