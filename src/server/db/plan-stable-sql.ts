// Keeps SQLite from re-compiling a prepared statement at every run. Since 3.47 or so, when SQLite's query planner
// weighs a comparison with a bound parameter (`"token_hash" = ?` in a join, the `LIMIT ?` of a query), it reads the
// parameter's current value and marks the statement as depending on it: binding any new value then expires the
// statement, and the next step parses and plans it again. Our values change at every run, so every join and every
// limited query of a chat message was compiled anew (serving benchmark, 2026-11-23: 8 % of the server's CPU in
// `sqlite3Reprepare`; the session lookup took 47 µs instead of 10, the stored message 119 instead of 52).
// SQLite's own switch against this (SQLITE_DBCONFIG_ENABLE_QPSG) is not reachable through better-sqlite3.
//
// A unary plus in front of the parameter is enough: `"col" = +?` is the same comparison (the operator changes
// neither value, type, affinity nor collation, and the index is used the same way: the plans are checked by the
// tests), but the planner no longer looks at the value. Only parameters that follow a comparison operator or
// LIMIT/OFFSET are touched; inserted values, IN lists and LIKE patterns (whose prefix the planner may use) are left.
// A small scanner rather than a regular expression: quoted text and identifiers may contain anything.

const COMPARISON_OPERATORS = new Set(['=', '==', '!=', '<>', '<', '<=', '>', '>=']);
const KEYWORDS_BEFORE_A_VALUE = new Set(['limit', 'offset', 'is', 'not']);

/** The SQL with `+` before every bound parameter the planner would otherwise read; same meaning, same plan. */
export function planStableSql(sql: string): string {
  if (!sql.includes('?')) return sql;
  let out = '';
  let previousToken = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const end = endOfQuoted(sql, i, c);
      out += sql.slice(i, end);
      previousToken = 'quoted';
      i = end;
    } else if (c === '[') {
      const end = sql.indexOf(']', i);
      const stop = end === -1 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      previousToken = 'quoted';
      i = stop;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      let end = i + 1;
      while (end < sql.length && isDigit(sql[end]!)) end++;
      const parameter = sql.slice(i, end);
      out += COMPARISON_OPERATORS.has(previousToken) || KEYWORDS_BEFORE_A_VALUE.has(previousToken) ? `+${parameter}` : parameter;
      previousToken = parameter;
      i = end;
    } else if (isWordCharacter(c)) {
      let end = i + 1;
      while (end < sql.length && isWordCharacter(sql[end]!)) end++;
      previousToken = sql.slice(i, end).toLowerCase();
      out += sql.slice(i, end);
      i = end;
    } else if ('=!<>'.includes(c)) {
      let end = i + 1;
      while (end < sql.length && '=<>'.includes(sql[end]!)) end++;
      previousToken = sql.slice(i, end);
      out += previousToken;
      i = end;
    } else {
      if (!isSpace(c)) previousToken = c;
      out += c;
      i++;
    }
  }
  return out;
}

/** Index just past a quoted string or identifier starting at `start` (a doubled quote stays inside). */
function endOfQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const isSpace = (c: string) => c === ' ' || c === '\n' || c === '\t' || c === '\r';
const isWordCharacter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c === '_' || c === '$' || c > '\u007f';
