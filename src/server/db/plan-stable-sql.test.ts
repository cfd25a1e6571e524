import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { planStableSql } from './plan-stable-sql.ts';

describe('planStableSql', () => {
  it('puts a plus before parameters compared or used as a limit', () => {
    expect(planStableSql('select * from "t" where "a" = ? and "b" >= ? and "c" <> ? and "d" != ? and "e" < ? limit ? offset ?')).toBe(
      'select * from "t" where "a" = +? and "b" >= +? and "c" <> +? and "d" != +? and "e" < +? limit +? offset +?',
    );
    expect(planStableSql('select 1 from t where a=? or b is ? or c is not ? or d==?')).toBe('select 1 from t where a=+? or b is +? or c is not +? or d==+?');
    expect(planStableSql('SELECT * FROM t LIMIT ?')).toBe('SELECT * FROM t LIMIT +?');
  });

  it('leaves inserted values, IN lists, LIKE patterns and numbered parameters elsewhere alone', () => {
    const insert = 'insert into "m" ("id", "n") values (?, ?) on conflict ("id") do update set "n" = ? returning "n"';
    expect(planStableSql(insert)).toBe('insert into "m" ("id", "n") values (?, ?) on conflict ("id") do update set "n" = +? returning "n"');
    expect(planStableSql('select * from t where a in (?, ?) and b like ? and c = ?12')).toBe('select * from t where a in (?, ?) and b like ? and c = +?12');
    expect(planStableSql('select 1')).toBe('select 1');
  });

  it('never touches quoted text, quoted names or comments', () => {
    const sql = `select 'a = ?' as "b = ?", [c = ?], \`d = ?\` -- e = ?\n/* f = ? */ from t where "it's" = 'x''= ?' and g = ?`;
    expect(planStableSql(sql)).toBe(`select 'a = ?' as "b = ?", [c = ?], \`d = ?\` -- e = ?\n/* f = ? */ from t where "it's" = 'x''= ?' and g = +?`);
  });

  describe('on a real SQLite database', () => {
    const db = new SQLite(':memory:');
    db.exec(`
      create table users (id varchar(36) primary key, login text not null, disabled_at bigint);
      create table sessions (token_hash varchar(64) primary key, user_id varchar(36) not null references users (id), expires_at bigint not null);
      create table messages (id varchar(36) primary key, conversation_id varchar(36) not null, seq integer not null, body blob, unique (conversation_id, seq));
    `);
    const addUser = db.prepare('insert into users values (?, ?, ?)');
    const addSession = db.prepare('insert into sessions values (?, ?, ?)');
    const addMessage = db.prepare('insert into messages values (?, ?, ?, ?)');
    for (let i = 0; i < 50; i++) {
      addUser.run(`u${i}`, `login${i}`, i % 7 === 0 ? 1 : null);
      addSession.run(`t${i}`, `u${i}`, 1000 + i);
      for (let s = 1; s <= 5; s++) addMessage.run(`m${i}-${s}`, `c${i % 10}`, i * 10 + s, Buffer.from([i, s]));
    }
    const queries: [string, (number | string)[]][] = [
      ['select s.token_hash, u.login from sessions s inner join users u on u.id = s.user_id where s.token_hash = ? and s.expires_at > ? and u.disabled_at is null', ['t12', 1005]],
      ['select * from messages where conversation_id = ? order by seq desc limit ?', ['c3', 4]],
      ['select coalesce(max(seq), 0) + 1 as next from messages where conversation_id = ?', ['c4']],
      // Text compared with a number and a number compared with text: the same affinity rules apply.
      ['select id from messages where seq = ? order by id', ['13']],
      ['select id from users where login = ? order by id', [7]],
    ];

    it.each(queries)('keeps the rows and the plan: %s', (sql, parameters) => {
      const stable = planStableSql(sql);
      expect(stable).not.toBe(sql);
      expect(db.prepare(stable).all(...parameters)).toEqual(db.prepare(sql).all(...parameters));
      const plan = (text: string) => db.prepare(`explain query plan ${text}`).all(...parameters).map((row) => (row as { detail: string }).detail);
      expect(plan(stable)).toEqual(plan(sql));
    });

    it('still finds rows through the index (a search, not a scan)', () => {
      const plan = db.prepare(`explain query plan ${planStableSql('select * from messages where conversation_id = ? order by seq desc limit ?')}`).all('c1', 3);
      expect(plan.map((row) => (row as { detail: string }).detail).join(' ')).toMatch(/SEARCH messages USING INDEX .*\(conversation_id=\?\)/);
    });
  });
});
